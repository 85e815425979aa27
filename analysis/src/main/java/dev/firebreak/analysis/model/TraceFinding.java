package dev.firebreak.analysis.model;

import java.util.List;

/**
 * Where failing traces first fail: the deepest failing span and the path to it.
 *
 * @param evidenceIds the traces that fail there
 * @param path services from the root to the failing span
 * @param slowestOperation the span that took longest against its usual duration, or ""
 */
public record TraceFinding(
    String service,
    String operation,
    String message,
    List<String> path,
    long traces,
    String slowestOperation,
    List<String> evidenceIds) {

  public TraceFinding {
    path = List.copyOf(path);
    evidenceIds = List.copyOf(evidenceIds);
  }
}
