package dev.firebreak.analysis.model;

import java.util.Locale;

/** What a remediation action does. */
public enum ActionKind {
  /** Adds replicas to a deployment (or raises the bounds of the autoscaler that governs it). */
  SCALE(true),
  /** Restarts a deployment's pods the way {@code kubectl rollout restart} does. */
  RESTART(false),
  /** Puts a deployment back on an earlier revision, as {@code kubectl rollout undo} does. */
  ROLLOUT_UNDO(true),
  /** Deletes one crash-looping pod so that its controller replaces it. */
  DELETE_POD(false),
  /** Asks an outside automation (Rundeck, AWX, Jenkins, a service of one's own) to act. */
  RUNBOOK(true);

  private final boolean reversible;

  ActionKind(boolean reversible) {
    this.reversible = reversible;
  }

  /**
   * Whether a rollback can put things back as they were: a restart or a deleted pod cannot be
   * undone, so a failed verification of one hands over to people instead.
   */
  public boolean reversible() {
    return reversible;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ActionKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
