package dev.firebreak.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real Zipkin server (the {@code io.zipkin:zipkin-server} exec jar from Maven Central,
 * copied to {@code target/zipkin/} by the build) with in-memory storage.
 */
final class ZipkinServer implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final int port = Repository.freePort();
  private final ManagedProcess process;

  ZipkinServer(Path directory) throws IOException {
    Path jar = Repository.root().resolve("tests/target/zipkin/zipkin-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: run the suite through Maven (mvn"
              + " verify), which copies the Zipkin server jar there");
    }
    Path dir = Files.createDirectories(directory.resolve("zipkin"));
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString()));
    builder.environment().put("QUERY_PORT", Integer.toString(port));
    builder.environment().put("STORAGE_TYPE", "mem");
    process =
        ManagedProcess.start("zipkin", builder, dir)
            .awaitHttpOk("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Posts spans in Zipkin's v2 JSON, as an instrumented service's reporter does. */
  void send(String spansJson) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2/spans"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spansJson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "Zipkin refused the spans: " + response.statusCode() + " " + response.body());
    }
  }

  String logs() {
    return process.logText();
  }

  @Override
  public void close() {
    process.close();
  }
}
