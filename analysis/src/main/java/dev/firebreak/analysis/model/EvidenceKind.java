package dev.firebreak.analysis.model;

import java.util.Locale;

/** What a source of evidence provides. */
public enum EvidenceKind {
  METRICS,
  LOGS,
  TRACES;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
