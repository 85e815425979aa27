package dev.firebreak.analysis.model;

import java.util.Locale;

/**
 * Where a remediation action stands. An action moves forward only: planned by a server-side
 * dry-run, approved when its risk asks for it, run, verified against the metric that fired, and
 * rolled back when the verification fails.
 */
public enum ActionState {
  /** Proposed; the dry-run that shows what it would change has not run yet. */
  PLANNING(false),
  /** Waits for a person's approval until it expires. */
  AWAITING_APPROVAL(false),
  /** Approved; runs next. */
  APPROVED(false),
  /** A person said no. */
  REJECTED(true),
  /** Nobody answered in time; its own state, never counted as rejected. */
  EXPIRED(true),
  /** The policy runs in dry-run: the plan is recorded and nothing was changed. */
  DRY_RUN(true),
  /** The cluster already is as the action would leave it. */
  NOOP(true),
  /** The executor or the policy would not run it (paused deployment, governed by an HPA …). */
  REFUSED(true),
  /** Recorded before the call: after a crash, the cluster's state tells whether it ran. */
  EXECUTING(false),
  /** Ran; its verification measures the metric that fired. */
  VERIFYING(false),
  /** The verification could not tell; a person says whether to keep it or roll it back. */
  INCONCLUSIVE(false),
  /** Verified: the condition that fired no longer holds. */
  SUCCEEDED(true),
  /** A person kept an action whose verification was inconclusive. */
  KEPT(true),
  /** Being put back as it was (a failed verification, or a person's undo). */
  ROLLING_BACK(false),
  ROLLED_BACK(true),
  /** The rollback itself failed: people must look now. */
  ROLLBACK_FAILED(true),
  /** The call failed, or the verification failed on an action that cannot be undone. */
  FAILED(true);

  private final boolean terminal;

  ActionState(boolean terminal) {
    this.terminal = terminal;
  }

  public boolean terminal() {
    return terminal;
  }

  /** Whether a person's answer is awaited (an approval, or keep-or-roll-back). */
  public boolean awaitsAnswer() {
    return this == AWAITING_APPROVAL || this == INCONCLUSIVE;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ActionState fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
