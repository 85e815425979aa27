package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.List;

/**
 * A log template that is new in the incident or surged against the baseline.
 *
 * @param baselineCount lines of this template before the incident
 * @param incidentCount lines from the incident's start on
 * @param evidenceIds some of its lines
 */
public record LogPattern(
    String template,
    String level,
    long baselineCount,
    long incidentCount,
    Instant firstSeen,
    boolean isNew,
    List<String> evidenceIds) {

  public LogPattern {
    evidenceIds = List.copyOf(evidenceIds);
  }
}
