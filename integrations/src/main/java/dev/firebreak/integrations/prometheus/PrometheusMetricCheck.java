package dev.firebreak.integrations.prometheus;

import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.Measurement.Phase;
import dev.firebreak.analysis.model.Verification;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.ExchangeRecorder;
import dev.firebreak.analysis.port.MetricCheck;
import dev.firebreak.integrations.http.SourceHttp;
import dev.firebreak.integrations.prometheus.PrometheusApi.InstantSeries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Measures a verification's condition with an instant query: the series that agree with the
 * alert's labels, compared with the threshold. The problem holds while any of them is over it
 * (the alert would still fire); no such series is "no data", which the verification says how
 * to read, never silently a success.
 */
public final class PrometheusMetricCheck implements MetricCheck {

  private static final long MAX_BYTES = 4 << 20;

  private final SourceHttp http;

  public PrometheusMetricCheck(PrometheusSettings settings, OkHttpClient client) {
    this.http = new SourceHttp("prometheus", settings.endpoint(), client);
  }

  @Override
  public Measurement measure(Verification verification, Instant at) {
    List<InstantSeries> series;
    try {
      series =
          new PrometheusApi(http, MAX_BYTES, ExchangeRecorder.NONE).query(verification.query(), at);
    } catch (EvidenceSourceException e) {
      return new Measurement(at, Phase.ERROR, Double.NaN, e.getMessage());
    }
    List<InstantSeries> matching =
        series.stream().filter(one -> agrees(one.labels(), verification.match())).toList();
    if (matching.isEmpty()) {
      return new Measurement(
          at,
          verification.noData(),
          Double.NaN,
          "no data: "
              + verification.query()
              + " returned "
              + (series.isEmpty() ? "no series" : "no series with the alert's labels"));
    }
    if (verification.operator().isEmpty()) {
      return new Measurement(
          at,
          Phase.FAILED,
          matching.get(0).value(),
          verification.query() + " still returns " + matching.size() + " series");
    }
    InstantSeries worst = matching.get(0);
    for (InstantSeries one : matching) {
      if (verification.holds(one.value())) {
        worst = one;
        break;
      }
    }
    boolean holds = verification.holds(worst.value());
    String value = format(worst.value());
    return new Measurement(
        at,
        holds ? Phase.FAILED : Phase.SUCCESSFUL,
        worst.value(),
        value
            + (holds ? " still " : " no longer ")
            + verification.operator().get()
            + " "
            + format(verification.threshold())
            + (matching.size() > 1 ? " (" + matching.size() + " series)" : ""));
  }

  /** Agrees on every label both have: aggregations drop labels, alerts add rule labels. */
  static boolean agrees(Map<String, String> series, Map<String, String> alert) {
    for (Map.Entry<String, String> label : series.entrySet()) {
      String expected = alert.get(label.getKey());
      if (expected != null && !expected.equals(label.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }

  @Override
  public CheckResult check() {
    try {
      http.get(http.url("api/v1/status/buildinfo").build(), 1 << 20, ExchangeRecorder.NONE);
      return CheckResult.OK;
    } catch (EvidenceSourceException e) {
      return CheckResult.failed(e.getMessage());
    }
  }

  @Override
  public void close() {}
}
