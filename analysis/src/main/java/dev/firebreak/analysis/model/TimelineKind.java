package dev.firebreak.analysis.model;

import java.util.Locale;

/** What kind of thing a timeline entry records. */
public enum TimelineKind {
  OPENED,
  SIGNAL,
  SEVERITY_RAISED,
  SEVERITY_LOWERED,
  ACKNOWLEDGED,
  UNACKNOWLEDGED,
  /** A remark from a sender (a PagerDuty note or status update). */
  NOTE,
  RESOLVED,
  REOPENED,
  TRUNCATED,
  /** Past incidents that look like this one, found when it opened. */
  SIMILAR,
  /** A postmortem version was written. */
  POSTMORTEM,
  /** A person said whether the diagnosis was right and what fixed it. */
  FEEDBACK,
  /** Who is told of the incident and why: a page sent, scheduled, brought forward or cancelled. */
  ESCALATED,
  /** A notification could not be delivered and gave up. */
  NOTIFICATION,
  /** A remediation step: proposed, planned, approved, run, measured, rolled back. */
  ACTION,
  /**
   * A remediation step needs people now: it failed, its rollback failed, it was rolled back, or
   * its approval expired. Escalation pages on it.
   */
  HANDED_OVER,
  /** A remediation step was verified: the condition that fired no longer holds. */
  MITIGATED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TimelineKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
