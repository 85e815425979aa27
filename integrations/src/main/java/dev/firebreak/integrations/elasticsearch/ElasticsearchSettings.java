package dev.firebreak.integrations.elasticsearch;

import dev.firebreak.integrations.http.EndpointSettings;
import java.util.List;
import java.util.Objects;

/**
 * How Firebreak reads Elasticsearch or OpenSearch.
 *
 * @param index the index pattern searched, such as {@code logs-*}
 * @param timestampField the event time, such as {@code @timestamp}
 * @param messageField the log text, such as {@code message}
 * @param levelField a keyword field with the level, such as {@code log.level} (use
 *     {@code level.keyword} on dynamic mappings)
 * @param serviceField a keyword field with the service name, such as {@code service.name}
 * @param errorLevels the level values that count as errors, matched exactly
 */
public record ElasticsearchSettings(
    EndpointSettings endpoint,
    String index,
    String timestampField,
    String messageField,
    String levelField,
    String serviceField,
    List<String> errorLevels) {

  public ElasticsearchSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    errorLevels = List.copyOf(errorLevels);
  }

  public static ElasticsearchSettings of(EndpointSettings endpoint) {
    return new ElasticsearchSettings(
        endpoint,
        "logs-*",
        "@timestamp",
        "message",
        "log.level",
        "service.name",
        List.of("error", "ERROR", "fatal", "FATAL", "critical", "CRITICAL"));
  }
}
