package dev.firebreak.analysis.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real alert expressions (Prometheus's mixins, kube-prometheus, the captured fixtures). */
class AlertConditionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05"
            + " | sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) | > | 0.05",
        "up{job=\"node\"} == 0 | up{job=\"node\"} | == | 0",
        "node_filesystem_avail_bytes / node_filesystem_size_bytes * 100 < 10"
            + " | node_filesystem_avail_bytes / node_filesystem_size_bytes * 100 | < | 10",
        "0.9 < histogram_quantile(0.99, rate(lat_bucket[5m])) | histogram_quantile(0.99, rate(lat_bucket[5m])) | > | 0.9",
        "probe_ssl_earliest_cert_expiry - time() < 7 * 86400 | probe_ssl_earliest_cert_expiry - time() | < | 604800",
        "rate(x[5m]) >= 2^3 | rate(x[5m]) | >= | 8",
        "label_replace(x, \"a\", \">\", \"b\", \"c\") > 1 | label_replace(x, \"a\", \">\", \"b\", \"c\") | > | 1",
      })
  void splitsTheMeasuredSideFromANumericThreshold(
      String expression, String measured, String operator, double threshold) {
    AlertCondition condition = AlertCondition.parse(expression);
    assertThat(condition.measured()).isEqualTo(measured.trim());
    assertThat(condition.operator()).contains(operator.trim());
    assertThat(condition.threshold()).isEqualTo(threshold);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "absent(up{job=\"api\"})",
        "rate(errors[5m]) > rate(errors[1h] offset 1d) * 2",
        "rate(errors[5m]) > 0.1 and rate(requests[5m]) > 10",
        "x > bool 1",
        "kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"}",
      })
  void anythingElseIsPresence_anySeriesMeansItHolds(String expression) {
    AlertCondition condition = AlertCondition.parse(expression);
    assertThat(condition.operator()).isEmpty();
    assertThat(condition.measured()).isEqualTo(expression.trim());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rate(x[5m]) > 1 | PT5M",
        "max_over_time(rate(x[2m])[30m:1m]) > 1 | PT30M",
        "increase(restarts[1h30m]) > 3 | PT1H30M",
        "up == 0 | PT0S",
      })
  void theLongestRangeIsHowLongTheValueLagsTheFix(String expression, Duration range) {
    assertThat(AlertCondition.parse(expression).longestRange()).isEqualTo(range);
  }
}
