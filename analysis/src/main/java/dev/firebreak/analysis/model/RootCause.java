package dev.firebreak.analysis.model;

import java.util.Locale;

/** The kinds of root cause a diagnosis can name. */
public enum RootCause {
  BAD_DEPLOY("bad deploy or config change"),
  RESOURCE_SATURATION("resource saturation"),
  MEMORY_LEAK("memory leak"),
  DEPENDENCY_DOWN("dependency down"),
  CONNECTION_POOL_EXHAUSTION("database or connection-pool exhaustion"),
  TRAFFIC_SURGE("traffic surge"),
  DISK_FULL("disk full"),
  CERTIFICATE_EXPIRY("certificate expiry"),
  UNKNOWN("unknown");

  private final String description;

  RootCause(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RootCause fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
