package dev.firebreak.integrations.loki;

import dev.firebreak.integrations.http.EndpointSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How Firebreak reads Loki.
 *
 * @param streamLabels Loki stream label ← incident label; the selector holds every pair whose
 *     incident label is known, e.g. {@code service_name=service} turns an incident about
 *     {@code service="checkout"} into {@code {service_name="checkout"}}
 * @param maxEntriesPerQuery the server's {@code max_entries_limit_per_query}; asking for more
 *     is refused with 400
 */
public record LokiSettings(
    EndpointSettings endpoint, Map<String, String> streamLabels, int maxEntriesPerQuery) {

  public static final Map<String, String> DEFAULT_STREAM_LABELS = defaultStreamLabels();

  public LokiSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    streamLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(streamLabels));
    if (streamLabels.isEmpty()) {
      throw new IllegalArgumentException("Loki needs at least one stream label mapping");
    }
  }

  private static Map<String, String> defaultStreamLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service_name", "service");
    labels.put("namespace", "namespace");
    return java.util.Collections.unmodifiableMap(labels);
  }

  public static LokiSettings of(EndpointSettings endpoint) {
    return new LokiSettings(endpoint, DEFAULT_STREAM_LABELS, 5000);
  }
}
