package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.List;

/**
 * One trace of the evidence with its spans.
 *
 * @param id the evidence id diagnoses cite, such as {@code trace:2}
 * @param traceId lower-case hex, as logs and every tracing UI show it
 * @param error whether any span failed
 */
public record TraceSummary(
    String id,
    String traceId,
    String rootService,
    String rootOperation,
    Instant start,
    long durationMicros,
    boolean error,
    List<Span> spans) {

  public TraceSummary {
    spans = List.copyOf(spans);
  }

  public TraceSummary withId(String newId) {
    return new TraceSummary(
        newId, traceId, rootService, rootOperation, start, durationMicros, error, spans);
  }

  /** Builds the summary fields from the spans: the root is the span without a parent. */
  public static TraceSummary of(String traceId, List<Span> spans) {
    Span root =
        spans.stream()
            .filter(span -> span.parentId() == null)
            .findFirst()
            .orElse(
                spans.isEmpty()
                    ? null
                    : spans.stream()
                        .min(java.util.Comparator.comparing(Span::start))
                        .orElseThrow());
    Instant start = spans.stream().map(Span::start).min(Instant::compareTo).orElse(Instant.EPOCH);
    long endMicros =
        spans.stream()
            .mapToLong(span -> micros(span.start()) + span.durationMicros())
            .max()
            .orElse(0);
    boolean error = spans.stream().anyMatch(Span::error);
    return new TraceSummary(
        "",
        traceId,
        root == null ? "" : root.service(),
        root == null ? "" : root.operation(),
        start,
        spans.isEmpty() ? 0 : endMicros - micros(start),
        error,
        spans);
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }
}
