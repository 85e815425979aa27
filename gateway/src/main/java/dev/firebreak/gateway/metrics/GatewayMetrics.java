package dev.firebreak.gateway.metrics;

import dev.firebreak.analysis.investigate.InvestigationListener;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.gateway.BuildInfo;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the gateway exposes on {@code /metrics}. One registry per gateway, never the global. */
public final class GatewayMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter webhooks =
      Counter.builder()
          .name("firebreak_webhooks_received_total")
          .help(
              "Webhook requests by source and outcome (accepted, duplicate, ignored, rejected,"
                  + " rejected_repeat, unauthorized, too_large, unsupported_media_type, unavailable,"
                  + " error)")
          .labelNames("source", "outcome")
          .register(registry);
  private final Counter authFailures =
      Counter.builder()
          .name("firebreak_webhook_auth_failures_total")
          .help("Webhook requests refused for missing or wrong credentials")
          .labelNames("source")
          .register(registry);
  private final Counter signals =
      Counter.builder()
          .name("firebreak_signals_total")
          .help("Signals committed (stored) or recognised as redelivered (duplicate)")
          .labelNames("source", "result")
          .register(registry);
  private final Counter truncated =
      Counter.builder()
          .name("firebreak_alertmanager_truncated_alerts_total")
          .help("Alerts Alertmanager left out of notifications because of max_alerts")
          .register(registry);
  private final Histogram intakeLatency =
      Histogram.builder()
          .name("firebreak_intake_latency_seconds")
          .help("Time from receiving a webhook to answering it, including the durable commit")
          .labelNames("source")
          .classicOnly()
          .classicUpperBounds(
              0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
          .register(registry);

  private final Histogram commitSeconds =
      Histogram.builder()
          .name("firebreak_intake_commit_seconds")
          .help("Duration of one group commit of the intake log, fsync included")
          .classicOnly()
          .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)
          .register(registry);
  private final Histogram commitSubmissions =
      Histogram.builder()
          .name("firebreak_intake_commit_requests")
          .help("Webhook requests that shared one group commit")
          .classicOnly()
          .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
          .register(registry);

  private final Histogram investigationSeconds =
      Histogram.builder()
          .name("firebreak_investigation_seconds")
          .help("Time to gather and store one incident's evidence, all sources at once")
          .classicOnly()
          .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60)
          .register(registry);
  private final Counter investigationFailures =
      Counter.builder()
          .name("firebreak_investigation_failures_total")
          .help(
              "Investigation runs that failed outright (store unavailable, a bug) and were"
                  + " retried; a failing source does not count here")
          .register(registry);
  private final Counter sourceQueries =
      Counter.builder()
          .name("firebreak_evidence_source_runs_total")
          .help(
              "Evidence source answers per run by source and outcome (ok, truncated, timed_out,"
                  + " failed)")
          .labelNames("source", "outcome")
          .register(registry);

  public GatewayMetrics() {
    JvmMetrics.builder().register(registry);
    BuildInfo build = BuildInfo.current();
    Gauge.builder()
        .name("firebreak_build_info")
        .help("Always 1: the version and the commit this gateway was built from")
        .labelNames("version", "revision")
        .register(registry)
        .labelValues(build.version(), build.revision())
        .set(1);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void webhook(String source, String outcome, long nanos) {
    webhooks.labelValues(source, outcome).inc();
    intakeLatency.labelValues(source).observe(nanos / 1e9);
  }

  public void commit(int submissions, int signals, long nanos) {
    commitSeconds.observe(nanos / 1e9);
    commitSubmissions.observe(submissions);
  }

  public void authFailure(String source) {
    authFailures.labelValues(source).inc();
  }

  public void signals(String source, int stored, int duplicates) {
    if (stored > 0) {
      signals.labelValues(source, "stored").inc(stored);
    }
    if (duplicates > 0) {
      signals.labelValues(source, "duplicate").inc(duplicates);
    }
  }

  /** An investigation listener that feeds the investigation metrics. */
  public InvestigationListener investigations() {
    return new InvestigationListener() {
      @Override
      public void completed(Evidence evidence, long tookMillis) {
        investigationSeconds.observe(tookMillis / 1e3);
        for (SourceReport report : evidence.reports()) {
          sourceQueries.labelValues(report.source(), report.outcome().wireName()).inc();
        }
      }

      @Override
      public void failed(long incidentId, Throwable error) {
        investigationFailures.inc();
      }
    };
  }

  public void truncatedAlerts(long count) {
    truncated.inc(count);
  }

  /**
   * A gauge read at scrape time. A failing reading (the store is down) shows as NaN instead of
   * failing the whole scrape.
   */
  public void gauge(String name, String help, DoubleSupplier reading) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(
            callback -> {
              double value;
              try {
                value = reading.getAsDouble();
              } catch (RuntimeException e) {
                LOG.debug("metric {} unavailable: {}", name, e.toString());
                value = Double.NaN;
              }
              callback.call(value);
            })
        .register(registry);
  }

  /** A gauge with one series per value of {@code label}, each read at scrape time. */
  public void gauge(String name, String help, String label, Map<String, DoubleSupplier> readings) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(label)
        .callback(
            callback ->
                readings.forEach(
                    (value, reading) -> {
                      double reads;
                      try {
                        reads = reading.getAsDouble();
                      } catch (RuntimeException e) {
                        LOG.debug("metric {} unavailable: {}", name, e.toString());
                        reads = Double.NaN;
                      }
                      callback.call(reads, value);
                    }))
        .register(registry);
  }

  /**
   * A gauge whose series come from one reading per scrape (one query for all of them), keyed by
   * their label values in the order of {@code labels}.
   */
  public void gauge(
      String name,
      String help,
      List<String> labels,
      java.util.function.Supplier<Map<List<String>, Double>> reading) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labels.toArray(String[]::new))
        .callback(
            callback -> {
              Map<List<String>, Double> values;
              try {
                values = reading.get();
              } catch (RuntimeException e) {
                LOG.debug("metric {} unavailable: {}", name, e.toString());
                return;
              }
              values.forEach((key, value) -> callback.call(value, key.toArray(String[]::new)));
            })
        .register(registry);
  }
}
