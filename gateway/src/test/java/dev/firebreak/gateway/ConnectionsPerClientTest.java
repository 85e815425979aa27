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
      // Jetty 12 tells the listener a connection closed a moment after the client saw its end,
      // so a connection opened at once may still meet the old count; what must never happen
      // is that the place stays taken (the leak this guards against refused every connection
      // after the third, forever).
      for (int i = 0; i < 20; i++) {
        String answer = "";
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!answer.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline) {
          answer = health(gateway.gateway.port());
          if (!answer.startsWith("HTTP/1.1 200")) {
            Thread.sleep(10);
          }
        }
        assertThat(answer).as("connection " + i).startsWith("HTTP/1.1 200");
      }
    }
  }

  private static String health(int port) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
