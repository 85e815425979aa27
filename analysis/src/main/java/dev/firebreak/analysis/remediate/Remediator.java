package dev.firebreak.analysis.remediate;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.model.Verification;
import dev.firebreak.analysis.port.ActionExecutor;
import dev.firebreak.analysis.port.ActionExecutor.ActionException;
import dev.firebreak.analysis.port.ActionExecutor.ActionRequest;
import dev.firebreak.analysis.port.ActionExecutor.Plan;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.MetricCheck;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.Remediations.Change;
import dev.firebreak.analysis.port.Remediations.Proposal;
import dev.firebreak.analysis.port.WorkQueue.WorkClaim;
import dev.firebreak.analysis.remediate.VerificationJudge.Verdict;
import dev.firebreak.analysis.work.EventFollower;
import dev.firebreak.analysis.work.WorkWorker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on diagnoses. As the {@code remediate} consumer of the incident event stream it proposes
 * an action for each diagnosis a playbook matches ({@link Proposer}); as the handler of {@code
 * remediate} work it takes each action through its steps: a server-side dry-run, an approval
 * when the risk or an unknown plan asks for one, the run (recorded as executing before the
 * call), the verification against the metric that fired, and the rollback when that fails.
 * Every step is a transaction of the store, so a gateway killed at any point resumes the action
 * where it stood, and a step is never run twice.
 */
public final class Remediator implements AutoCloseable {

  /** The consumer name, stored with its position. */
  public static final String CONSUMER = "remediate";

  private static final Logger LOG = LoggerFactory.getLogger(Remediator.class);
  private static final int BATCH = 50;
  private static final String ME = Proposer.ACTOR;

  /** How often an action held by the kill switch looks again. */
  private static final java.time.Duration PAUSED_RECHECK = java.time.Duration.ofSeconds(5);

  private final IncidentStore store;
  private final Proposer proposer;
  private final RemediationPolicy policy;
  private final Playbooks playbooks;
  private final Map<ActionKind, ActionExecutor> executors;
  private final Optional<MetricCheck> metrics;
  private final Clock clock;
  private final EventFollower follower;
  private final Runnable onQueued;

  public Remediator(
      IncidentStore store,
      Playbooks playbooks,
      RemediationPolicy policy,
      List<ActionExecutor> executors,
      Optional<MetricCheck> metrics,
      Clock clock,
      Runnable onQueued) {
    this.store = store;
    this.playbooks = playbooks;
    this.policy = policy;
    this.proposer = new Proposer(playbooks, policy);
    Map<ActionKind, ActionExecutor> byKind = new java.util.EnumMap<>(ActionKind.class);
    for (ActionExecutor executor : executors) {
      for (ActionKind kind : executor.kinds()) {
        byKind.putIfAbsent(kind, executor);
      }
    }
    this.executors = byKind;
    this.metrics = metrics;
    this.clock = clock;
    this.onQueued = onQueued;
    this.follower = new EventFollower(store.events(), CONSUMER, BATCH, this::decide);
  }

  public EventFollower follower() {
    return follower;
  }

  public void start(Thread.UncaughtExceptionHandler onDeath) {
    follower.start(onDeath);
  }

  public void wake() {
    follower.wake();
  }

  public RemediationPolicy policy() {
    return policy;
  }

  public Playbooks playbooks() {
    return playbooks;
  }

  /**
   * Whether a diagnosis of {@code cause} will be acted on automatically: escalation then waits
   * for the action instead of paging at once.
   */
  public boolean willAct(dev.firebreak.analysis.model.RootCause cause) {
    return policy.enabled()
        && !policy.dryRun()
        && playbooks.actsOn(cause)
        && store.remediations().paused().isEmpty();
  }

  /** Proposes an action, or says why none, for each diagnosis of a batch, in one transaction. */
  void decide(List<IncidentEvent> events) {
    Remediations actions = store.remediations();
    List<Proposal> proposals = new ArrayList<>();
    for (IncidentEvent event : events) {
      if (event.kind() != IncidentEventKind.DIAGNOSED) {
        continue;
      }
      Optional<IncidentDetail> detail = store.incidents().detail(event.incidentId());
      Optional<Diagnosis> diagnosis = store.investigations().latestDiagnosis(event.incidentId());
      if (detail.isEmpty()
          || diagnosis.isEmpty()
          || (event.run() != null && diagnosis.get().run() != event.run())) {
        // A later diagnosis has its own event.
        continue;
      }
      Instant now = clock.instant();
      String service = serviceOf(detail.get(), diagnosis.get());
      List<RemediationAction> ofIncident = new ArrayList<>(actions.of(event.incidentId()));
      boolean proposedInBatch =
          proposals.stream()
              .anyMatch(
                  earlier ->
                      earlier.incidentId() == event.incidentId() && earlier.action().isPresent());
      if (proposedInBatch) {
        // Proposed in this batch and not yet stored: one action at a time.
        continue;
      }
      Proposer.History history =
          new Proposer.History(
              ofIncident,
              actions.ranSince(service, now.minus(java.time.Duration.ofHours(1))),
              topCause(diagnosis.get())
                  .flatMap(cause -> actions.lastProposed(service, cause, event.incidentId())),
              actions.paused().map(Remediations.Pause::by));
      proposals.add(proposer.propose(event.id(), detail.get(), diagnosis.get(), history, now));
    }
    if (proposals.isEmpty()) {
      return;
    }
    List<Long> written = actions.propose(proposals, clock.instant());
    if (!written.isEmpty()) {
      onQueued.run();
    }
  }

  private static String serviceOf(IncidentDetail detail, Diagnosis diagnosis) {
    return diagnosis.hypotheses().stream()
        .max(Comparator.comparingDouble(Hypothesis::confidence))
        .map(Hypothesis::service)
        .filter(service -> !service.isEmpty())
        .orElse(detail.incident().service());
  }

  private static Optional<dev.firebreak.analysis.model.RootCause> topCause(Diagnosis diagnosis) {
    return diagnosis.hypotheses().stream()
        .max(Comparator.comparingDouble(Hypothesis::confidence))
        .map(Hypothesis::cause);
  }

  /** The work-queue handler that takes an action one step further. */
  public WorkWorker.Handler stepHandler() {
    return this::step;
  }

  WorkWorker.Outcome step(WorkClaim claim) {
    long id = RemediationAction.idOf(claim.subject());
    Optional<RemediationAction> found = store.remediations().find(id);
    if (found.isEmpty()) {
      return WorkWorker.Outcome.DONE;
    }
    RemediationAction action = found.get();
    Optional<IncidentDetail> detail = store.incidents().detail(action.incidentId());
    if (detail.isEmpty()) {
      apply(claim, action, Change.to(ActionState.REFUSED, ME, "the incident no longer exists"));
      return WorkWorker.Outcome.SETTLED;
    }
    ActionRequest request = request(action, detail.get());
    try {
      switch (action.state()) {
        case PLANNING -> plan(claim, action, request, detail.get());
        case APPROVED -> run(claim, action, request, detail.get());
        case EXECUTING -> resume(claim, action, request);
        case VERIFYING -> verify(claim, action);
        case ROLLING_BACK -> rollBack(claim, action, request, "");
        case AWAITING_APPROVAL, INCONCLUSIVE -> expire(claim, action);
        default -> store.remediations().handBack(claim, clock.instant());
      }
    } catch (ActionException e) {
      if (!e.permanent() && claim.attempt() < claim.maxAttempts()) {
        throw e;
      }
      giveUp(claim, action, e);
    } catch (RuntimeException e) {
      if (claim.attempt() < claim.maxAttempts()) {
        throw e;
      }
      // The last attempt: people hear of it rather than the action stopping unseen.
      giveUp(claim, action, new ActionException(e.toString(), true, e));
    }
    return WorkWorker.Outcome.SETTLED;
  }

  private void plan(
      WorkClaim claim, RemediationAction action, ActionRequest request, IncidentDetail detail) {
    Optional<ActionExecutor> executor = executor(action);
    if (executor.isEmpty() && action.dryRun()) {
      apply(
          claim,
          action,
          note(
              ActionState.DRY_RUN,
              action,
              "dry-run: would "
                  + describe(action)
                  + "; no executor for "
                  + action.kind().wireName()
                  + " is configured, so there is no plan"));
      return;
    }
    if (executor.isEmpty()) {
      apply(
          claim,
          action,
          handOver(
              ActionState.REFUSED,
              action,
              "no executor for " + action.kind().wireName() + " is configured"));
      return;
    }
    Plan plan = executor.get().plan(request);
    Instant now = clock.instant();
    switch (plan.outcome()) {
      case REFUSED ->
          apply(claim, action, handOver(ActionState.REFUSED, action, "refused: " + plan.diff()));
      case NOOP ->
          apply(
              claim,
              action,
              handOver(ActionState.NOOP, action, "nothing to change: " + plan.diff())
                  .withPlan(plan.diff()));
      case CHANGES, UNKNOWN -> {
        String shown =
            plan.outcome() == Plan.Outcome.UNKNOWN
                ? "plan unknown (" + plan.diff() + ")"
                : plan.diff();
        if (action.dryRun()) {
          apply(
              claim,
              action,
              note(ActionState.DRY_RUN, action, "dry-run: would " + describe(action) + ": " + shown)
                  .withPlan(shown));
        } else if (action.risk().compareTo(policy.autoRisk()) > 0
            || plan.outcome() == Plan.Outcome.UNKNOWN) {
          askApproval(claim, action, shown, plan.outcome() == Plan.Outcome.UNKNOWN, now);
        } else if (detail.incident().status() == IncidentStatus.RESOLVED) {
          apply(
              claim,
              action,
              note(ActionState.REFUSED, action, "not run: the incident was resolved first")
                  .withPlan(shown));
        } else {
          Optional<RemediationAction> planned =
              apply(
                  claim,
                  action,
                  note(
                          ActionState.APPROVED,
                          action,
                          "planned "
                              + describe(action)
                              + ": "
                              + shown
                              + "; runs without approval ("
                              + action.risk().wireName()
                              + " risk)")
                      .withPlan(shown)
                      .holding());
          planned.ifPresent(approved -> run(claim, approved, request, detail));
        }
      }
    }
  }

  private void askApproval(
      WorkClaim claim, RemediationAction action, String plan, boolean unknown, Instant now) {
    if (action.approvers().isEmpty()) {
      apply(
          claim,
          action,
          handOver(
                  ActionState.REFUSED,
                  action,
                  describe(action)
                      + " needs an approval, but its playbook names nobody who may give it")
              .withPlan(plan));
      return;
    }
    Instant expires = now.plus(policy.approvalTtl());
    String why =
        unknown
            ? "the dry-run could not say what it would change"
            : action.risk().wireName() + " risk is above " + policy.autoRisk().wireName();
    apply(
        claim,
        action,
        handOver(
                ActionState.AWAITING_APPROVAL,
                action,
                describe(action)
                    + " waits for approval by "
                    + String.join(", ", action.approvers())
                    + " until "
                    + expires
                    + " ("
                    + why
                    + "); plan: "
                    + plan)
            .withPlan(plan)
            .expiringAt(expires)
            .due(expires));
  }

  /** Records "executing" with what rollback needs, then makes the call. */
  private void run(
      WorkClaim claim, RemediationAction action, ActionRequest request, IncidentDetail detail) {
    Optional<Remediations.Pause> paused = store.remediations().paused();
    if (paused.isPresent()) {
      // The kill switch holds what has not started; it runs once remediation is resumed.
      LOG.info(
          "incident {}: action {} waits: remediation is paused (by {})",
          action.incidentId(),
          action.id(),
          paused.get().by());
      store.remediations().handBack(claim, clock.instant().plus(PAUSED_RECHECK));
      return;
    }
    if (detail.incident().status() == IncidentStatus.RESOLVED) {
      apply(
          claim,
          action,
          note(ActionState.REFUSED, action, "not run: the incident was resolved first"));
      return;
    }
    ActionExecutor executor = executor(action).orElseThrow(() -> missing(action));
    Map<String, String> prior = executor.snapshot(request);
    Optional<RemediationAction> executing =
        apply(
            claim,
            action,
            Change.to(ActionState.EXECUTING, ME, "running " + describe(action))
                .withPrior(prior)
                .holding());
    if (executing.isEmpty()) {
      return;
    }
    execute(claim, executing.get(), request, executor);
  }

  private void execute(
      WorkClaim claim, RemediationAction action, ActionRequest request, ActionExecutor executor) {
    String answer;
    try {
      answer = executor.execute(request, action.prior());
    } catch (ActionException e) {
      if (!e.permanent()) {
        throw e;
      }
      apply(
          claim,
          action,
          handOver(ActionState.FAILED, action, describe(action) + " failed: " + e.getMessage()));
      return;
    }
    startVerifying(claim, action, "ran " + describe(action) + ": " + answer);
  }

  private void startVerifying(WorkClaim claim, RemediationAction action, String said) {
    Instant now = clock.instant();
    if (action.verification().isEmpty() || metrics.isEmpty()) {
      String why =
          action.verification().isEmpty()
              ? "the alert carries no expression to verify it with"
              : "no Prometheus is configured to verify it";
      apply(
          claim,
          action,
          handOver(
                  ActionState.INCONCLUSIVE,
                  action,
                  said + "; cannot verify (" + why + "): keep it or roll it back?")
              .expiringAt(now.plus(policy.approvalTtl()))
              .due(now.plus(policy.approvalTtl())));
      return;
    }
    Verification verification = action.verification().get();
    apply(
        claim,
        action,
        note(
                ActionState.VERIFYING,
                action,
                said
                    + "; verifying in "
                    + dev.firebreak.analysis.notify.Durations.words(verification.initialDelay())
                    + " that "
                    + verification.condition()
                    + " no longer holds")
            .due(now.plus(verification.initialDelay())));
  }

  /** After a crash between "executing" and its outcome: the backend says whether it ran. */
  private void resume(WorkClaim claim, RemediationAction action, ActionRequest request) {
    ActionExecutor executor = executor(action).orElseThrow(() -> missing(action));
    switch (executor.observe(request, action.prior())) {
      case RAN ->
          startVerifying(
              claim, action, "resumed after a restart: " + describe(action) + " had run");
      case NOT_RAN -> execute(claim, action, request, executor);
      case UNKNOWN ->
          apply(
              claim,
              action,
              handOver(
                  ActionState.FAILED,
                  action,
                  "interrupted while running "
                      + describe(action)
                      + "; whether it ran cannot be told, so it is not run again"));
    }
  }

  private void verify(WorkClaim claim, RemediationAction action) {
    Verification verification = action.verification().orElseThrow();
    Instant now = clock.instant();
    Measurement measurement = metrics.orElseThrow().measure(verification, now);
    List<Measurement> measurements = new ArrayList<>(action.measurements());
    measurements.add(measurement);
    Verdict verdict = VerificationJudge.judge(verification, measurements);
    String last = VerificationJudge.lastMeasurements(measurements, 3);
    switch (verdict) {
      case CONTINUE ->
          apply(
              claim,
              action,
              Change.to(
                      ActionState.VERIFYING,
                      ME,
                      "measured " + measurement.phase().wireName() + ": " + measurement.detail())
                  .withMeasurements(measurements)
                  .due(now.plus(verification.interval())));
      case SUCCESSFUL ->
          apply(
              claim,
              action,
              Change.to(ActionState.SUCCEEDED, ME, "verified: " + last)
                  .withTimeline(
                      entry(
                          TimelineKind.MITIGATED,
                          "mitigated by "
                              + describe(action)
                              + ": "
                              + verification.condition()
                              + " no longer holds ("
                              + measurements.size()
                              + " measurements); waiting for the alerts to resolve"))
                  .withMeasurements(measurements));
      case INCONCLUSIVE ->
          apply(
              claim,
              action,
              handOver(
                      ActionState.INCONCLUSIVE,
                      action,
                      "verification of "
                          + describe(action)
                          + " is inconclusive ("
                          + last
                          + "): keep it or roll it back?")
                  .withMeasurements(measurements)
                  .expiringAt(now.plus(policy.approvalTtl()))
                  .due(now.plus(policy.approvalTtl())));
      case FAILED, ERROR -> {
        String why =
            (verdict == Verdict.FAILED
                    ? "verification failed: " + verification.condition() + " still holds"
                    : "verification errored")
                + " ("
                + last
                + ")";
        if (action.kind().reversible()) {
          Optional<RemediationAction> rolling =
              apply(
                  claim,
                  action,
                  note(ActionState.ROLLING_BACK, action, why + "; rolling back " + describe(action))
                      .withMeasurements(measurements)
                      .holding());
          rolling.ifPresent(
              next ->
                  rollBack(
                      claim,
                      next,
                      request(next, store.incidents().detail(next.incidentId()).orElseThrow()),
                      why));
        } else {
          apply(
              claim,
              action,
              handOver(
                      ActionState.FAILED,
                      action,
                      why + "; a " + action.kind().wireName() + " cannot be rolled back")
                  .withMeasurements(measurements));
        }
      }
    }
  }

  private void rollBack(
      WorkClaim claim, RemediationAction action, ActionRequest request, String why) {
    ActionExecutor executor = executor(action).orElseThrow(() -> missing(action));
    String answer;
    try {
      answer = executor.rollback(request, action.prior());
    } catch (ActionException e) {
      if (!e.permanent()) {
        throw e;
      }
      apply(
          claim,
          action,
          handOver(
              ActionState.ROLLBACK_FAILED,
              action,
              "rollback of " + describe(action) + " failed: " + e.getMessage()));
      return;
    }
    apply(
        claim,
        action,
        handOver(
            ActionState.ROLLED_BACK,
            action,
            "rolled back " + describe(action) + ": " + answer + (why.isEmpty() ? "" : "; " + why)));
  }

  private void expire(WorkClaim claim, RemediationAction action) {
    Instant now = clock.instant();
    if (action.expiresAt() != null && action.expiresAt().isAfter(now)) {
      store.remediations().handBack(claim, now);
      return;
    }
    String what =
        action.state() == ActionState.AWAITING_APPROVAL
            ? "approval of " + describe(action) + " expired unanswered; it did not run"
            : "nobody said whether to keep " + describe(action) + "; it stays as it is";
    apply(claim, action, handOver(ActionState.EXPIRED, action, what));
  }

  /** A step that kept failing on a transient error, or failed for good. */
  private void giveUp(WorkClaim claim, RemediationAction action, ActionException e) {
    ActionState to =
        action.state() == ActionState.ROLLING_BACK
            ? ActionState.ROLLBACK_FAILED
            : ActionState.FAILED;
    String what =
        action.state() == ActionState.ROLLING_BACK
            ? "rollback of " + describe(action)
            : describe(action);
    apply(
        claim,
        action,
        handOver(
            to,
            action,
            what
                + " gave up after "
                + claim.attempt()
                + " attempt(s) in "
                + action.state().wireName()
                + ": "
                + e.getMessage()));
  }

  /**
   * Stores a change under the claim; when the action moved meanwhile (a person answered), the
   * step is handed back so that the action's next step still runs.
   */
  private Optional<RemediationAction> apply(
      WorkClaim claim, RemediationAction action, Change change) {
    Optional<RemediationAction> changed =
        store
            .remediations()
            .change(Optional.of(claim), action.id(), Set.of(action.state()), change);
    if (changed.isEmpty()) {
      LOG.info(
          "action {}: moved on before {} was stored; handing the step back",
          action.id(),
          change.to().wireName());
      store.remediations().handBack(claim, clock.instant());
    } else if (change.timeline().isEmpty()) {
      // Steps with a timeline entry reach the log once, through the incidents' lifecycle log.
      LOG.info("incident {}: action {}: {}", action.incidentId(), action.id(), change.detail());
    } else {
      LOG.debug("incident {}: action {}: {}", action.incidentId(), action.id(), change.detail());
    }
    return changed;
  }

  private Change note(ActionState to, RemediationAction action, String text) {
    return Change.to(to, ME, text).withTimeline(entry(TimelineKind.ACTION, text));
  }

  private Change handOver(ActionState to, RemediationAction action, String text) {
    return Change.to(to, ME, text).withTimeline(entry(TimelineKind.HANDED_OVER, text));
  }

  private TimelineEntry entry(TimelineKind kind, String text) {
    return new TimelineEntry(clock.instant(), kind, text, null);
  }

  private Optional<ActionExecutor> executor(RemediationAction action) {
    return Optional.ofNullable(executors.get(action.kind()));
  }

  private static ActionException missing(RemediationAction action) {
    return new ActionException("no executor for " + action.kind().wireName(), true);
  }

  static String describe(RemediationAction action) {
    return action.kind().wireName() + " " + action.target();
  }

  private ActionRequest request(RemediationAction action, IncidentDetail detail) {
    Optional<Hypothesis> cause =
        store
            .investigations()
            .latestDiagnosis(action.incidentId())
            .flatMap(
                diagnosis ->
                    diagnosis.hypotheses().stream()
                        .max(Comparator.comparingDouble(Hypothesis::confidence)));
    return new ActionRequest(
        action.id(), action.kind(), action.target(), action.parameters(), detail.incident(), cause);
  }

  // --- a person's answers -------------------------------------------------------------------

  /** What became of a person's answer. */
  public sealed interface Answer {
    record Done(RemediationAction action) implements Answer {}

    record NotFound(String message) implements Answer {}

    record Forbidden(String message) implements Answer {}

    record Conflict(String message) implements Answer {}
  }

  private static final Set<ActionState> UNDOABLE =
      EnumSet.of(
          ActionState.VERIFYING, ActionState.INCONCLUSIVE, ActionState.SUCCEEDED, ActionState.KEPT);

  /**
   * Approves an action awaiting approval, or keeps one whose verification was inconclusive.
   */
  public Answer approve(long incidentId, long actionId, String who, String reason) {
    return answer(incidentId, actionId, who, reason, true);
  }

  /** Rejects an action awaiting approval, or rolls back one whose verification was inconclusive. */
  public Answer reject(long incidentId, long actionId, String who, String reason) {
    return answer(incidentId, actionId, who, reason, false);
  }

  private Answer answer(long incidentId, long actionId, String who, String reason, boolean yes) {
    Optional<RemediationAction> found = mine(incidentId, actionId);
    if (found.isEmpty()) {
      return new Answer.NotFound("incident " + incidentId + " has no action " + actionId);
    }
    RemediationAction action = found.get();
    if (!action.approvers().contains(who)) {
      return new Answer.Forbidden(
          who
              + " may not answer for action "
              + actionId
              + (action.approvers().isEmpty()
                  ? " (its playbook names no approver)"
                  : " (approvers: " + String.join(", ", action.approvers()) + ")"));
    }
    Instant now = clock.instant();
    if (!action.state().awaitsAnswer()) {
      return new Answer.Conflict(alreadyAnswered(action));
    }
    if (action.expiresAt() != null && !action.expiresAt().isAfter(now)) {
      return new Answer.Conflict("action " + actionId + " expired at " + action.expiresAt());
    }
    boolean approval = action.state() == ActionState.AWAITING_APPROVAL;
    if (approval
        && yes
        && store
            .incidents()
            .detail(incidentId)
            .map(d -> d.incident().status() == IncidentStatus.RESOLVED)
            .orElse(false)) {
      return new Answer.Conflict(
          "incident " + incidentId + " is resolved; the action would not help");
    }
    String said = reason == null || reason.isBlank() ? "" : ": " + reason.trim();
    Change change;
    if (approval) {
      change =
          yes
              ? Change.to(ActionState.APPROVED, who, "approved by " + who + said).due(now)
              : Change.to(ActionState.REJECTED, who, "rejected by " + who + said);
    } else {
      change =
          yes
              ? Change.to(ActionState.KEPT, who, "kept by " + who + said)
              : Change.to(ActionState.ROLLING_BACK, who, "roll back asked by " + who + said)
                  .due(now);
    }
    change =
        change
            .answeredBy(who)
            .withTimeline(entry(TimelineKind.ACTION, describe(action) + ": " + change.detail()));
    Optional<RemediationAction> changed =
        store.remediations().change(Optional.empty(), actionId, Set.of(action.state()), change);
    if (changed.isEmpty()) {
      return new Answer.Conflict(
          alreadyAnswered(store.remediations().find(actionId).orElse(action)));
    }
    LOG.debug("incident {}: action {}: {}", incidentId, actionId, change.detail());
    onQueued.run();
    return new Answer.Done(changed.get());
  }

  /**
   * Rolls back an action that ran, now, without waiting for its verification: the audited
   * fast track for the person who sees it made things worse.
   */
  public Answer undo(long incidentId, long actionId, String who, String reason) {
    Optional<RemediationAction> found = mine(incidentId, actionId);
    if (found.isEmpty()) {
      return new Answer.NotFound("incident " + incidentId + " has no action " + actionId);
    }
    RemediationAction action = found.get();
    if (!action.approvers().contains(who)) {
      return new Answer.Forbidden(who + " may not undo action " + actionId);
    }
    if (!action.kind().reversible()) {
      return new Answer.Conflict("a " + action.kind().wireName() + " cannot be undone");
    }
    if (!UNDOABLE.contains(action.state())) {
      return new Answer.Conflict(
          "action "
              + actionId
              + " is "
              + action.state().wireName()
              + "; only one that ran can be undone");
    }
    String said = reason == null || reason.isBlank() ? "" : ": " + reason.trim();
    String text = "undo now by " + who + ", verification skipped" + said;
    Optional<RemediationAction> changed =
        store
            .remediations()
            .change(
                Optional.empty(),
                actionId,
                Set.of(action.state()),
                Change.to(ActionState.ROLLING_BACK, who, text)
                    .answeredBy(who)
                    .withTimeline(entry(TimelineKind.ACTION, describe(action) + ": " + text))
                    .due(clock.instant()));
    if (changed.isEmpty()) {
      return new Answer.Conflict("action " + actionId + " moved on; look again");
    }
    LOG.debug("incident {}: action {}: {}", incidentId, actionId, text);
    onQueued.run();
    return new Answer.Done(changed.get());
  }

  private Optional<RemediationAction> mine(long incidentId, long actionId) {
    return store.remediations().find(actionId).filter(action -> action.incidentId() == incidentId);
  }

  private static String alreadyAnswered(RemediationAction action) {
    if (action.answeredBy() != null) {
      return "action "
          + action.id()
          + " was already answered by "
          + action.answeredBy()
          + " ("
          + action.state().wireName()
          + ")";
    }
    return "action "
        + action.id()
        + " is "
        + action.state().wireName()
        + ", not awaiting an answer";
  }

  @Override
  public void close() {
    follower.close();
  }
}
