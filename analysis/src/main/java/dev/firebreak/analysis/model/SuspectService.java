package dev.firebreak.analysis.model;

import java.util.List;

/**
 * A service ranked by how likely the incident began in it. In a call graph the service that
 * alerts is often a victim: the culprit is where failing traces begin and whose own resources
 * moved first.
 *
 * @param score 0 to 1, the sum of what points at the service (see {@code ServiceRanking})
 * @param reasons what points at it, in words
 * @param evidenceIds the evidence each reason rests on
 */
public record SuspectService(
    String service, double score, List<String> reasons, List<String> evidenceIds) {

  public SuspectService {
    reasons = List.copyOf(reasons);
    evidenceIds = List.copyOf(evidenceIds);
  }
}
