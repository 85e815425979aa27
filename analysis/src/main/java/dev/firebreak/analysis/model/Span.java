package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.Map;

/**
 * One span of a trace, whichever tracing system it came from. Ids are lower-case hex.
 *
 * @param parentId null for a root span
 * @param kind {@code server}, {@code client}, {@code producer}, {@code consumer} or
 *     {@code internal}
 * @param error whether the span is marked failed ({@code error} tag, OpenTelemetry status)
 * @param statusMessage the error message where the span carries one, else {@code ""}
 */
public record Span(
    String spanId,
    String parentId,
    String service,
    String operation,
    String kind,
    Instant start,
    long durationMicros,
    boolean error,
    String statusMessage,
    Map<String, String> tags) {

  public Span {
    statusMessage = statusMessage == null ? "" : statusMessage;
    kind = kind == null ? "internal" : kind;
    tags = Map.copyOf(tags);
  }
}
