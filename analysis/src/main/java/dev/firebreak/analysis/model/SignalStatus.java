package dev.firebreak.analysis.model;

import java.util.Locale;

/**
 * Whether the source still asserts the alert. RESOLVED means "no longer asserted", not proof of
 * recovery: Alertmanager also resolves alerts whose Prometheus stopped sending.
 */
public enum SignalStatus {
  FIRING,
  /** Still asserted, and a person on the sender's side has taken it (PagerDuty). */
  ACKNOWLEDGED,
  /** Still asserted, and the person who had taken it on the sender's side gave it back. */
  UNACKNOWLEDGED,
  RESOLVED,
  /**
   * A remark from the sender's side (a note, a status update, a responder added) that says
   * nothing about whether the alert fires.
   */
  NOTE;

  /** Whether the source still asserts the alert. */
  public boolean isFiring() {
    return this == FIRING || this == ACKNOWLEDGED || this == UNACKNOWLEDGED;
  }

  /** Whether the signal states the alert's state at all ({@link #NOTE} does not). */
  public boolean isStatement() {
    return this != NOTE;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
