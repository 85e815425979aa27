package dev.firebreak.analysis.model;

import java.util.Locale;

/** How much harm an action can do if it is wrong; above the policy's bound a person approves. */
public enum Risk {
  LOW,
  MEDIUM,
  HIGH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Risk fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
