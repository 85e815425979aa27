package dev.firebreak.analysis.model;

import java.util.Locale;

/** Incident severity, most severe first. */
public enum Severity {
  CRITICAL,
  HIGH,
  WARNING,
  INFO;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean moreSevereThan(Severity other) {
    return ordinal() < other.ordinal();
  }

  public static Severity max(Severity a, Severity b) {
    return a.moreSevereThan(b) ? a : b;
  }

  public static Severity fromWireName(String name) {
    for (Severity severity : values()) {
      if (severity.wireName().equals(name)) {
        return severity;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + name + "' (expected critical, high, warning or info)");
  }
}
