package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closed connections give their place back: the limit is on connections open at once. */
class ConnectionsPerClientTest {

  @TempDir Path directory;

  @Test
  void closedConnections_areNotCountedAgainstTheClient() throws Exception {
    try (TestGateway gateway =
        TestGateway.start(directory, Map.of("FIREBREAK_MAX_CONNECTIONS_PER_CLIENT", "3"))) {
      for (int i = 0; i < 20; i++) {
        try (Socket socket = new Socket("127.0.0.1", gateway.gateway.port())) {
          OutputStream out = socket.getOutputStream();
          out.write(
              "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          String answer =
              new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
          assertThat(answer).as("connection " + i).startsWith("HTTP/1.1 200");
        }
      }
    }
  }
}
