package dev.firebreak.analysis.model;

import java.util.Locale;

/** A monitoring system that sends Firebreak webhooks. */
public enum Source {
  ALERTMANAGER,
  GRAFANA,
  DATADOG,
  PAGERDUTY;

  /** The lower-case name used in URLs, labels, metrics and the store. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Source fromWireName(String name) {
    for (Source source : values()) {
      if (source.wireName().equals(name)) {
        return source;
      }
    }
    throw new IllegalArgumentException("unknown source '" + name + "'");
  }
}
