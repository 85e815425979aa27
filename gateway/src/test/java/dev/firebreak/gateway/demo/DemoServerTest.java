package dev.firebreak.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoServerTest {

  private final DemoServer server = new DemoServer("127.0.0.1", 0);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesWhatExportersExposeAndFailsOnRequest() throws Exception {
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body())
        .contains("http_requests_total{code=\"200\"}")
        .contains("http_request_duration_seconds_bucket{le=\"+Inf\"}")
        .contains("app_build_info{version=\"1.4.1\"} 1");

    HttpResponse<String> fault = post("/fault/bad_deploy");
    assertThat(fault.statusCode()).isEqualTo(202);
    assertThat(fault.body()).isEqualTo("failing now: bad_deploy\n");
    assertThat(get("/metrics").body()).contains("app_build_info{version=\"1.4.2\"} 1");
    assertThat(get("/").body()).contains("Failing now: bad_deploy");

    assertThat(post("/heal").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("app_build_info{version=\"1.4.1\"} 1");
  }

  @Test
  void saysWhatItKnowsWhenAskedWrong() throws Exception {
    HttpResponse<String> unknown = post("/fault/meteor");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).startsWith("no scenario 'meteor'; known: bad_deploy|");
    assertThat(get("/fault/bad_deploy").statusCode()).isEqualTo(405);
    assertThat(get("/heal").statusCode()).isEqualTo(405);
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + server.address() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + server.address() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
