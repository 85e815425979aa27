package dev.firebreak.integrations.prometheus;

import dev.firebreak.integrations.http.EndpointSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How Firebreak reads Prometheus.
 *
 * @param queries per-service queries by name (golden signals), PromQL with placeholders:
 *     {@code {{selector}}} ({@code {service="…",namespace="…"}}), {@code {{matchers}}} (the
 *     same without braces), {@code {{window}}} (the rate window) and {@code {{LABEL}}} for any
 *     identifying label; a query whose placeholders cannot all be filled is skipped
 * @param discover whether to add the series that share the incident's identifying labels
 * @param maxDiscoveredMetrics how many metric names discovery queries at most
 * @param minRateWindow the shortest window of {@code rate()}; it grows with the step
 */
public record PrometheusSettings(
    EndpointSettings endpoint,
    Map<String, String> queries,
    boolean discover,
    int maxDiscoveredMetrics,
    Duration minRateWindow) {

  public PrometheusSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    queries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    Objects.requireNonNull(minRateWindow, "minRateWindow");
  }

  public static PrometheusSettings of(EndpointSettings endpoint) {
    return new PrometheusSettings(endpoint, Map.of(), true, 40, Duration.ofMinutes(1));
  }
}
