package dev.firebreak.analysis.model;

import java.util.Locale;

/** What changed about an incident; the steps that act on incidents follow these. */
public enum IncidentEventKind {
  OPENED,
  /** An alert that started earlier took over the opening (title and opening time changed). */
  OPENING_REVISED,
  SIGNAL,
  SEVERITY_RAISED,
  SEVERITY_LOWERED,
  ACKNOWLEDGED,
  UNACKNOWLEDGED,
  NOTE,
  RESOLVED,
  REOPENED,
  TRUNCATED,
  /** Past incidents that look like this one were attached. */
  SIMILAR,
  /** A postmortem version was written. */
  POSTMORTEM,
  /** A person said whether the diagnosis was right and what fixed it. */
  FEEDBACK,
  /** An investigation run stored its evidence. */
  INVESTIGATED,
  /** A diagnosis was stored for an investigation run. */
  DIAGNOSED,
  /** Who is told of the incident and why: a page sent, scheduled, brought forward or cancelled. */
  ESCALATED,
  /** A notification could not be delivered and gave up. */
  NOTIFICATION,
  /** A remediation step: proposed, planned, approved, run, measured, rolled back. */
  ACTION,
  /** A remediation step needs people now (failed, rolled back, rollback failed, expired). */
  HANDED_OVER,
  /** A remediation step was verified. */
  MITIGATED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IncidentEventKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The event a timeline entry of this kind stands for. */
  public static IncidentEventKind of(TimelineKind kind) {
    return valueOf(kind.name());
  }
}
