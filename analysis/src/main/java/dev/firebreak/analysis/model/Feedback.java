package dev.firebreak.analysis.model;

import java.time.Instant;

/**
 * What a person said about an incident after the fact.
 *
 * @param diagnosedCause the top cause the diagnosis named when the feedback was given, or null
 * @param causeCorrect whether that cause was right, or null when they did not say
 * @param actualCause the cause it really was, or null when they did not say
 * @param fixedBy what fixed it (an action such as {@code rollout undo}), or {@code ""}
 */
public record Feedback(
    long incidentId,
    Instant givenAt,
    String by,
    RootCause diagnosedCause,
    Boolean causeCorrect,
    RootCause actualCause,
    String fixedBy,
    String notes) {

  public Feedback {
    by = by == null ? "" : by;
    fixedBy = fixedBy == null ? "" : fixedBy;
    notes = notes == null ? "" : notes;
  }

  /** The cause the incident really had, as far as this feedback says. */
  public RootCause confirmedCause() {
    if (actualCause != null) {
      return actualCause;
    }
    return Boolean.TRUE.equals(causeCorrect) ? diagnosedCause : null;
  }
}
