package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.gateway.demo.DemoService.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The topology the scenario suite records: a fault in one service reaches its callers. */
class ServiceTopologyTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String scrape(String address) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://" + address + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double value(String exposition, String series) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  @Test
  void aDependencyDownInPaymentsFailsItsCallersAndTracesBeginThere() {
    List<String> traces = new CopyOnWriteArrayList<>();
    try (ServiceTopology topology = new ServiceTopology(traces::add)) {
      var targets = topology.targets();
      assertThat(targets.keySet()).containsExactly("frontend", "checkout", "payments");
      Await.until("healthy traffic", Duration.ofSeconds(10), () -> traces.size() >= 5);
      assertThat(value(scrape(targets.get("frontend")), "http_requests_total{code=\"500\"}"))
          .isZero();
      // A healthy request passes through all three services and the outside card gateway.
      assertThat(traces.get(0))
          .contains(
              "\"serviceName\":\"frontend\"",
              "\"serviceName\":\"checkout\"",
              "\"serviceName\":\"payments\"",
              "\"remoteEndpoint\":{\"serviceName\":\"card-gateway\"}")
          .doesNotContain("\"error\"");

      topology.fail("payments", Scenario.DEPENDENCY_DOWN);
      Await.until(
          "frontend answering 5xx",
          Duration.ofSeconds(10),
          () -> value(scrape(targets.get("frontend")), "http_requests_total{code=\"500\"}") > 20);
      String payments = scrape(targets.get("payments"));
      assertThat(
              value(
                  payments,
                  "http_client_requests_seconds_count{client_name=\"card-gateway\","
                      + "outcome=\"UNKNOWN\",status=\"IO_ERROR\",method=\"POST\"}"))
          .isPositive();
      assertThat(
              value(
                  scrape(targets.get("checkout")),
                  "http_client_requests_seconds_count{client_name=\"payments\","
                      + "outcome=\"SERVER_ERROR\",status=\"500\",method=\"POST\"}"))
          .isPositive();
      assertThat(traces.stream().anyMatch(t -> t.contains("connection refused (card-gateway:443)")))
          .isTrue();
    }
  }
}
