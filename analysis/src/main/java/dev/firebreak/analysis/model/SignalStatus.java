package dev.firebreak.analysis.model;

import java.util.Locale;

/**
 * Whether the source still asserts the alert. RESOLVED means "no longer asserted", not proof of
 * recovery: Alertmanager also resolves alerts whose Prometheus stopped sending.
 */
public enum SignalStatus {
  FIRING,
  RESOLVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
