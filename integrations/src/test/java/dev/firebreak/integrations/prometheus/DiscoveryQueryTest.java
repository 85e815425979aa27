package dev.firebreak.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryQueryTest {

  private static final Set<String> NAMES =
      Set.of(
          "http_requests_total",
          "http_request_duration_seconds_bucket",
          "http_request_duration_seconds_sum",
          "http_request_duration_seconds_count",
          "rpc_latency_seconds_sum",
          "rpc_latency_seconds_count",
          "system_cpu_count",
          "process_open_fds");

  private static String query(String metric) {
    return PrometheusMetricSource.discoveryQuery(
            metric, NAMES, "service=\"checkout\"", Duration.ofMinutes(1))
        .orElse("(not queried)");
  }

  @Test
  void countersAsRatesGaugesAsTheyAre() {
    assertThat(query("http_requests_total"))
        .isEqualTo("rate(http_requests_total{service=\"checkout\"}[1m])");
    assertThat(query("rpc_latency_seconds_count"))
        .isEqualTo("rate(rpc_latency_seconds_count{service=\"checkout\"}[1m])");
    assertThat(query("process_open_fds")).isEqualTo("process_open_fds{service=\"checkout\"}");
  }

  @Test
  void aGaugeEndingInCountIsNotARate() {
    assertThat(query("system_cpu_count")).isEqualTo("system_cpu_count{service=\"checkout\"}");
  }

  @Test
  void histogramsAsTheirP99AndTheirSumsNotAtAll() {
    assertThat(query("http_request_duration_seconds_bucket")).startsWith("histogram_quantile(0.99");
    assertThat(query("http_request_duration_seconds_sum")).isEqualTo("(not queried)");
  }
}
