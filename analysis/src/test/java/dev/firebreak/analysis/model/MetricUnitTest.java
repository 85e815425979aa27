package dev.firebreak.analysis.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricUnitTest {

  private static MetricSeries series(String query, String name) {
    return new MetricSeries("metric:1", "discovered", query, name, Map.of(), List.of());
  }

  @Test
  void unitsComeFromPrometheusNamingSuffixes() {
    assertEquals(
        MetricUnit.BYTES,
        MetricUnit.of(series("jvm_memory_used_bytes{job=\"x\"}", "jvm_memory_used_bytes")));
    assertEquals(
        MetricUnit.BYTES_PER_SECOND,
        MetricUnit.of(
            series(
                "rate(node_network_receive_bytes_total{job=\"x\"}[1m])",
                "node_network_receive_bytes_total")));
    assertEquals(
        MetricUnit.SECONDS,
        MetricUnit.of(
            series(
                "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))",
                "http_request_duration_seconds_bucket")));
    // CPU seconds per second are cores; time spent throttled per second is not.
    assertEquals(
        MetricUnit.CORES,
        MetricUnit.of(series("rate(process_cpu_seconds_total[1m])", "process_cpu_seconds_total")));
    assertEquals(
        MetricUnit.SECONDS_PER_SECOND,
        MetricUnit.of(
            series(
                "rate(container_cpu_cfs_throttled_seconds_total[1m])",
                "container_cpu_cfs_throttled_seconds_total")));
    assertEquals(MetricUnit.RATIO, MetricUnit.of(series("process_cpu_usage", "process_cpu_usage")));
    assertEquals("0.956 cores", MetricUnit.CORES.format(0.956));
    assertEquals("2 cores", MetricUnit.CORES.format(2));
    assertEquals(
        MetricUnit.PER_SECOND,
        MetricUnit.of(
            series("rate(http_requests_total{code=\"500\"}[1m])", "http_requests_total")));
    // A histogram's _count counts observations: requests per second, not seconds.
    assertEquals(
        MetricUnit.PER_SECOND,
        MetricUnit.of(
            series(
                "rate(http_request_duration_seconds_count[1m])",
                "http_request_duration_seconds_count")));
    assertEquals(
        MetricUnit.TIMESTAMP_SECONDS,
        MetricUnit.of(
            series(
                "certmanager_certificate_expiration_timestamp_seconds",
                "certmanager_certificate_expiration_timestamp_seconds")));
    assertEquals(MetricUnit.RATIO, MetricUnit.of(series("sum(…) / sum(…)", "error_ratio")));
    // An alert's own expressions: a quantile of a seconds histogram, a metric over itself.
    String p99 =
        "histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket[2m])))";
    assertEquals(MetricUnit.SECONDS, MetricUnit.of(series(p99, p99)));
    String errors =
        "sum(rate(http_requests_total{code=~\"5..\"}[2m])) / sum(rate(http_requests_total[2m]))";
    assertEquals(MetricUnit.RATIO, MetricUnit.of(series(errors, errors)));
    assertEquals(
        MetricUnit.NONE,
        MetricUnit.of(series("hikaricp_connections_active", "hikaricp_connections_active")));
    // A timestamp minus now is the time left.
    assertEquals(
        MetricUnit.SECONDS,
        MetricUnit.of(
            series(
                "probe_ssl_earliest_cert_expiry - time()",
                "probe_ssl_earliest_cert_expiry - time()")));
    assertEquals(MetricUnit.SECONDS, MetricUnit.of(series("x", "x{a=\"b\"} - time() < 7 * 86400")));
    assertEquals(MetricUnit.NONE, MetricUnit.of(series("x", "(x - time()) / 86400")));
    // Other expressions are named by themselves: no unit is read off them.
    assertEquals(
        MetricUnit.NONE,
        MetricUnit.of(
            series(
                "predict_linear(jvm_memory_used_bytes[30m], 3600)",
                "predict_linear(jvm_memory_used_bytes[30m], 3600)")));
  }

  @Test
  void valuesReadAsAPersonWouldWriteThem() {
    assertEquals("200 MiB", MetricUnit.BYTES.format(210_000_000));
    assertEquals("693 MiB", MetricUnit.BYTES.format(726_163_447));
    assertEquals("512 B", MetricUnit.BYTES.format(512));
    assertEquals("1.5 GiB/s", MetricUnit.BYTES_PER_SECOND.format(1.5 * 1024 * 1024 * 1024));
    assertEquals("49.5 ms", MetricUnit.SECONDS.format(0.0495));
    assertEquals("991 ms", MetricUnit.SECONDS.format(0.9905));
    assertEquals("12 µs", MetricUnit.SECONDS.format(0.000012));
    assertEquals("90 s", MetricUnit.SECONDS.format(90));
    assertEquals("30 min", MetricUnit.SECONDS.format(1800));
    assertEquals("60 d", MetricUnit.SECONDS.format(5_184_000));
    assertEquals("-2.02 min", MetricUnit.SECONDS.format(-121));
    assertEquals("195 ms/s", MetricUnit.SECONDS_PER_SECOND.format(0.195));
    assertEquals("878/s", MetricUnit.PER_SECOND.format(877.5));
    assertEquals("12.3k/s", MetricUnit.PER_SECOND.format(12_345));
    assertEquals("4.2%", MetricUnit.RATIO.format(0.042));
    assertEquals("2026-11-21T00:00:00Z", MetricUnit.TIMESTAMP_SECONDS.format(1_795_219_200));
    assertEquals("3", MetricUnit.NONE.format(3));
    assertEquals("0.25", MetricUnit.NONE.format(0.25));
    assertEquals("2.2G", MetricUnit.NONE.format(2_200_808_849.0));
    assertEquals("-0.00123", MetricUnit.NONE.format(-0.00123));
    assertEquals("NaN", MetricUnit.BYTES.format(Double.NaN));
  }
}
