package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionRecord;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remediation actions and their audit trail. Every change of an action is one transaction with
 * its audit line, its timeline entry (and incident event) and its work item, so the queue, the
 * timeline and the action never disagree, whichever gateway sharing the store runs the step.
 */
public interface Remediations {

  /** The work-queue kind of remediation steps; subjects are {@link RemediationAction#subject}. */
  String WORK_KIND = "remediate";

  /** Attempts at one step when the store or the backend fails before it is given up. */
  int WORK_ATTEMPTS = 12;

  /** An action to propose. */
  record NewAction(
      String playbook,
      int step,
      ActionKind kind,
      String target,
      String service,
      RootCause cause,
      Risk risk,
      Map<String, String> parameters,
      boolean dryRun,
      List<String> approvers,
      Optional<Verification> verification) {

    public NewAction {
      parameters = Map.copyOf(parameters);
      approvers = List.copyOf(approvers);
    }
  }

  /**
   * What the remediation consumer decided on one event: at most one action, and the timeline
   * entries that say why (also when nothing is proposed).
   */
  record Proposal(
      long incidentId,
      long eventId,
      int run,
      Optional<NewAction> action,
      List<TimelineEntry> timeline) {}

  /**
   * Writes proposals in one transaction, skipping events already decided (a batch handed over
   * again after a crash); each new action is queued to be planned at {@code now} (the
   * remediator's clock). Returns the ids of the actions written.
   */
  List<Long> propose(List<Proposal> proposals, Instant now);

  Optional<RemediationAction> find(long id);

  /** An incident's actions, oldest first. */
  List<RemediationAction> of(long incidentId);

  /** An action's audit trail, oldest first. */
  List<ActionRecord> history(long actionId);

  /**
   * A change of state and what comes with it. Null fields stay as they are.
   *
   * @param nextDue when the action's next step is due; null when it has none (a terminal state,
   *     or waiting for a person without expiry)
   * @param keepLease the step goes on under the same claim (the change is recorded before a call
   *     the step makes next): the work item stays leased
   */
  record Change(
      ActionState to,
      String actor,
      String detail,
      Optional<TimelineEntry> timeline,
      String plan,
      Map<String, String> prior,
      List<Measurement> measurements,
      String answeredBy,
      Instant expiresAt,
      Instant nextDue,
      boolean keepLease) {

    public static Change to(ActionState to, String actor, String detail) {
      return new Change(
          to, actor, detail, Optional.empty(), null, null, null, null, null, null, false);
    }

    /** Recorded, and the step goes on under its claim. */
    public Change holding() {
      return new Change(
          to,
          actor,
          detail,
          timeline,
          plan,
          prior,
          measurements,
          answeredBy,
          expiresAt,
          null,
          true);
    }

    public Change withTimeline(TimelineEntry entry) {
      return new Change(
          to,
          actor,
          detail,
          Optional.of(entry),
          plan,
          prior,
          measurements,
          answeredBy,
          expiresAt,
          nextDue,
          keepLease);
    }

    public Change withPlan(String newPlan) {
      return new Change(
          to,
          actor,
          detail,
          timeline,
          newPlan,
          prior,
          measurements,
          answeredBy,
          expiresAt,
          nextDue,
          keepLease);
    }

    public Change withPrior(Map<String, String> newPrior) {
      return new Change(
          to,
          actor,
          detail,
          timeline,
          plan,
          newPrior,
          measurements,
          answeredBy,
          expiresAt,
          nextDue,
          keepLease);
    }

    public Change withMeasurements(List<Measurement> newMeasurements) {
      return new Change(
          to,
          actor,
          detail,
          timeline,
          plan,
          prior,
          newMeasurements,
          answeredBy,
          expiresAt,
          nextDue,
          keepLease);
    }

    public Change answeredBy(String who) {
      return new Change(
          to,
          actor,
          detail,
          timeline,
          plan,
          prior,
          measurements,
          who,
          expiresAt,
          nextDue,
          keepLease);
    }

    public Change expiringAt(Instant when) {
      return new Change(
          to,
          actor,
          detail,
          timeline,
          plan,
          prior,
          measurements,
          answeredBy,
          when,
          nextDue,
          keepLease);
    }

    public Change due(Instant when) {
      return new Change(
          to,
          actor,
          detail,
          timeline,
          plan,
          prior,
          measurements,
          answeredBy,
          expiresAt,
          when,
          false);
    }
  }

  /**
   * Moves an action from one of {@code from} as {@code change} says. Under {@code claim} (a
   * step run by a worker) the work item is handed back in the same transaction, due at {@code
   * nextDue} or done; without one (a person's answer) the item is queued for {@code nextDue}.
   * Returns the action as stored, or empty, changing nothing, when it was in no state of {@code
   * from} or the claim's lease was lost.
   */
  Optional<RemediationAction> change(
      Optional<WorkQueue.WorkClaim> claim, long actionId, Set<ActionState> from, Change change);

  /**
   * Hands a claimed step back as the action now stands: due again at {@code due} when it has a
   * next step (another change came first, say a person's answer; or the kill switch holds it),
   * at its expiry when it awaits an answer, done when it has none. False when the lease was lost.
   */
  boolean handBack(WorkQueue.WorkClaim claim, Instant due);

  /**
   * Actions of {@code service} that ran or were asked to (not dry-runs, refusals, or proposals
   * nobody approved) since {@code since}; for the per-service hourly limit.
   */
  int ranSince(String service, Instant since);

  /**
   * When an action for {@code service} and {@code cause} was last proposed on another incident
   * than {@code incidentId}, for throttling.
   */
  Optional<Instant> lastProposed(String service, RootCause cause, long incidentId);

  /**
   * Who paused remediation for every gateway sharing the store, and when; empty while it runs.
   * The kill switch a person throws at 3 a.m. without a restart.
   */
  Optional<Pause> paused();

  /** Pauses ({@code who} present) or resumes ({@code who} empty) remediation. */
  void setPaused(Optional<String> who, String reason, Instant at);

  record Pause(String by, String reason, Instant at) {}

  /** Actions per kind and state, for metrics. */
  Map<ActionKind, Map<ActionState, Long>> counts();
}
