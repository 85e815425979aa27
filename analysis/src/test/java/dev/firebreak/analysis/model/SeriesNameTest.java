package dev.firebreak.analysis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesNameTest {

  private static MetricSeries series(String query, String name, Map<String, String> labels) {
    return new MetricSeries("metric:1", "alert", query, name, labels, List.of());
  }

  @Test
  void anAlertsExpressionIsNamedByWhatItMeasuresAndTheLabelsThatSetItApart() {
    String p99 =
        "histogram_quantile(0.99, sum by (le, service, namespace)"
            + " (rate(http_request_duration_seconds_bucket[5s])))";
    assertThat(
            SeriesName.of(
                series(p99, p99, Map.of("service", "payments", "namespace", "shop")),
                (key, value) -> key.equals("service")))
        .isEqualTo("p99 http_request_duration_seconds {service=payments}");
    String ratio =
        "sum by (service, namespace) (rate(http_requests_total{code=~\"5..\"}[2m]))\n"
            + "  / sum by (service, namespace) (rate(http_requests_total[2m]))";
    assertThat(SeriesName.of(series(ratio, ratio, Map.of()), (key, value) -> true))
        .isEqualTo("http_requests_total{code=~\"5..\"} / http_requests_total");
    String predicted = "predict_linear(jvm_memory_used_bytes{area=\"heap\"}[30m], 3600)";
    assertThat(SeriesName.of(series(predicted, predicted, Map.of()), (key, value) -> true))
        .isEqualTo("jvm_memory_used_bytes{area=\"heap\"} (expression)");
  }

  @Test
  void aMetricKeepsItsNameAndOnlyTheLabelsAskedFor() {
    MetricSeries cpu =
        new MetricSeries(
            "metric:2",
            "discovered",
            "rate(process_cpu_seconds_total{service=\"payments\"}[5s])",
            "process_cpu_seconds_total",
            Map.of("service", "payments", "instance", "10.0.0.1:8080"),
            List.of());
    assertThat(SeriesName.of(cpu, (key, value) -> key.equals("service")))
        .isEqualTo("process_cpu_seconds_total {service=payments}");
    assertThat(SeriesName.of(cpu, (key, value) -> false)).isEqualTo("process_cpu_seconds_total");
  }
}
