package dev.firebreak.integrations.prometheus;

import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.MetricSource;
import dev.firebreak.integrations.http.HttpEvidenceSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.OkHttpClient;

/**
 * Metrics around an incident from Prometheus, in order of how directly they describe it: the
 * alerts' own expressions, the configured per-service queries, then the series that share the
 * incident's identifying labels (discovery, so that diagnosis works with no set-up). Counters
 * become rates and histograms a 99th percentile; the step keeps every series within the point
 * limit.
 */
public final class PrometheusMetricSource extends HttpEvidenceSource implements MetricSource {

  /** Series that describe Prometheus's own bookkeeping, not the service. */
  private static final Set<String> IGNORED =
      Set.of(
          "ALERTS",
          "ALERTS_FOR_STATE",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added");

  private final PrometheusSettings settings;

  public PrometheusMetricSource(String name, PrometheusSettings settings, OkHttpClient client) {
    super(name, settings.endpoint(), client, "api/v1/status/buildinfo");
    this.settings = settings;
  }

  @Override
  public void collect(EvidenceRequest request, Findings<MetricSeries> out) {
    TimeWindow window = request.window();
    if (!window.end().isAfter(window.start())) {
      return;
    }
    PrometheusApi api =
        new PrometheusApi(http, request.limits().maxResponseBytes(), request.recorder());
    Duration step = step(window, Math.min(request.limits().maxPoints(), PrometheusApi.MAX_POINTS));
    Duration rateWindow = rateWindow(step);
    EvidenceSourceException firstFailure = null;

    for (String expr : request.alertExpressions()) {
      firstFailure =
          keepFirst(
              firstFailure,
              () -> range(api, out, "alert", PromQl.withoutThreshold(expr), null, window, step));
    }
    for (Map.Entry<String, String> query : settings.queries().entrySet()) {
      Optional<String> filled = PromQl.fill(query.getValue(), request.labels(), rateWindow);
      if (filled.isPresent()) {
        firstFailure =
            keepFirst(
                firstFailure,
                () -> range(api, out, "query", filled.get(), query.getKey(), window, step));
      }
    }
    if (settings.discover() && !request.labels().isEmpty() && !out.full()) {
      firstFailure = keepFirst(firstFailure, () -> discover(api, request, out, step, rateWindow));
    }
    if (firstFailure != null && out.items().isEmpty()) {
      throw firstFailure;
    }
    if (firstFailure != null) {
      out.truncated("some queries failed: " + firstFailure.getMessage());
    }
  }

  /** Runs one part; a failing query does not stop the others, unless time is up. */
  private static EvidenceSourceException keepFirst(EvidenceSourceException first, Runnable part) {
    try {
      part.run();
    } catch (EvidenceSourceException e) {
      if (e.reason() == EvidenceSourceException.Reason.TIMEOUT
          || Thread.currentThread().isInterrupted()) {
        throw e;
      }
      return first == null ? e : first;
    }
    return first;
  }

  private void discover(
      PrometheusApi api,
      EvidenceRequest request,
      Findings<MetricSeries> out,
      Duration step,
      Duration rateWindow) {
    TimeWindow window = request.window();
    // Narrowest first: all identifying labels the incident has; then fewer, dropping the
    // least identifying, until something matches.
    List<String> keys = new ArrayList<>(request.labels().keySet());
    Map<String, String> selector = new LinkedHashMap<>();
    List<Map<String, String>> found = List.of();
    while (!keys.isEmpty()) {
      selector.clear();
      keys.forEach(key -> selector.put(key, request.labels().get(key)));
      out.query("series " + "{" + PromQl.matchers(selector) + "}");
      found = api.series("{" + PromQl.matchers(selector) + "}", window.start(), window.end());
      if (!found.isEmpty()) {
        break;
      }
      keys.remove(keys.size() - 1);
    }
    TreeSet<String> names = new TreeSet<>();
    for (Map<String, String> labels : found) {
      String metric = labels.get("__name__");
      if (metric != null && !IGNORED.contains(metric)) {
        names.add(metric);
      }
    }
    int queried = 0;
    String matchers = PromQl.matchers(selector);
    for (String metric : names) {
      if (out.full()) {
        return;
      }
      Optional<String> query = discoveryQuery(metric, names, matchers, rateWindow);
      if (query.isEmpty()) {
        continue;
      }
      if (queried++ >= settings.maxDiscoveredMetrics()) {
        out.truncated(
            "more than "
                + settings.maxDiscoveredMetrics()
                + " metrics share the"
                + " incident's labels");
        return;
      }
      range(api, out, "discovered", query.get(), metric, window, step);
    }
  }

  /**
   * How a discovered metric is best shown: counters as per-second rates, histograms as their
   * 99th percentile, gauges as they are. Histogram sums and creation timestamps add nothing.
   */
  static Optional<String> discoveryQuery(
      String metric, Set<String> names, String matchers, Duration rateWindow) {
    String selector = metric + "{" + matchers + "}";
    String window = "[" + PromQl.duration(rateWindow) + "]";
    if (metric.endsWith("_bucket")) {
      return Optional.of("histogram_quantile(0.99, sum by (le) (rate(" + selector + window + ")))");
    }
    if (metric.endsWith("_created")
        || (metric.endsWith("_sum") && names.contains(base(metric, "_sum") + "_count"))) {
      return Optional.empty();
    }
    // A counter ends in _total; a _count is one only beside its histogram's or summary's _sum
    // or _bucket. A gauge that happens to end in _count (system_cpu_count,
    // kube_deployment_spec_replicas_count) is shown as it is: rate() of a gauge is noise.
    if (metric.endsWith("_total") || isSampleCount(metric, names)) {
      return Optional.of("rate(" + selector + window + ")");
    }
    return Optional.of(selector);
  }

  private static boolean isSampleCount(String metric, Set<String> names) {
    if (!metric.endsWith("_count")) {
      return false;
    }
    String base = base(metric, "_count");
    return names.contains(base + "_sum") || names.contains(base + "_bucket");
  }

  private static String base(String metric, String suffix) {
    return metric.substring(0, metric.length() - suffix.length());
  }

  private static void range(
      PrometheusApi api,
      Findings<MetricSeries> out,
      String origin,
      String query,
      String label,
      TimeWindow window,
      Duration step) {
    if (out.full()) {
      out.truncated("more series than the limit");
      return;
    }
    out.query(query);
    for (PrometheusApi.RangeSeries series :
        api.queryRange(query, window.start(), window.end(), step)) {
      String metric = series.labels().getOrDefault("__name__", label == null ? query : label);
      if (!out.add(
          new MetricSeries("", origin, query, metric, series.labels(), series.samples()))) {
        return;
      }
    }
  }

  /** The smallest whole-second step that keeps the window within {@code maxPoints}. */
  static Duration step(TimeWindow window, int maxPoints) {
    long seconds = window.length().toSeconds();
    long step = Math.max(1, (seconds + maxPoints - 2) / (maxPoints - 1));
    return Duration.ofSeconds(step);
  }

  private Duration rateWindow(Duration step) {
    Duration fourSteps = step.multipliedBy(4);
    return fourSteps.compareTo(settings.minRateWindow()) > 0 ? fourSteps : settings.minRateWindow();
  }
}
