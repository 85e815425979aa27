package dev.firebreak.analysis.model;

import java.util.Locale;

/** Where an incident is in its life. ACKNOWLEDGED is open, with a person on it. */
public enum IncidentStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isActive() {
    return this != RESOLVED;
  }

  public static IncidentStatus fromWireName(String name) {
    for (IncidentStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown incident status '" + name + "' (expected open, acknowledged or resolved)");
  }
}
