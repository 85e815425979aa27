package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.List;

/**
 * What one source was asked during an investigation and how it went.
 *
 * @param source the configured name of the source, such as {@code prometheus}
 * @param queries every query sent, in order
 * @param error why it failed or what was cut, or {@code ""}
 * @param items how many series, lines or traces it contributed
 */
public record SourceReport(
    String source,
    EvidenceKind kind,
    List<String> queries,
    Instant startedAt,
    long tookMillis,
    SourceOutcome outcome,
    String error,
    int items) {

  public SourceReport {
    queries = List.copyOf(queries);
    error = error == null ? "" : error;
  }
}
