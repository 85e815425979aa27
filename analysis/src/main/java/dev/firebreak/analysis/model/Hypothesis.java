package dev.firebreak.analysis.model;

import java.util.List;

/**
 * One candidate root cause.
 *
 * @param service the service it is about, or {@code ""} when the evidence does not say
 * @param confidence in [0, 1]
 * @param evidenceIds the evidence items it rests on ({@code metric:3}, {@code log:12}, …), all
 *     present in the incident's evidence
 */
public record Hypothesis(
    RootCause cause,
    String service,
    double confidence,
    String explanation,
    List<String> evidenceIds) {

  public Hypothesis {
    service = service == null ? "" : service;
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
    evidenceIds = List.copyOf(evidenceIds);
  }
}
