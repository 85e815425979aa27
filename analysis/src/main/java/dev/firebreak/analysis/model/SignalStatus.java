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
  RESOLVED;

  /** Whether the source still asserts the alert. */
  public boolean isFiring() {
    return this != RESOLVED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
