package dev.firebreak.analysis.remediate;

import dev.firebreak.analysis.investigate.AlertExpressions;
import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.model.Verification;
import dev.firebreak.analysis.port.Remediations.NewAction;
import dev.firebreak.analysis.port.Remediations.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, for one diagnosis, which action (if any) to propose: the playbook that matches its
 * top cause, the next action of it, the target from the incident's labels, and every bound of
 * the policy. A pure function of what it is given, so a diagnosis decided twice proposes the
 * same thing.
 */
public final class Proposer {

  /** Who proposes; the audit's actor for the gateway's own steps. */
  public static final String ACTOR = "firebreak";

  private static final Pattern FAILS_WHEN =
      Pattern.compile(
          "\\s*(>=|<=|==|!=|>|<)\\s*([+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)\\s*");
  private static final Set<ActionState> HANDED_OVER =
      Set.of(ActionState.FAILED, ActionState.ROLLED_BACK, ActionState.ROLLBACK_FAILED);

  private final Playbooks playbooks;
  private final RemediationPolicy policy;

  public Proposer(Playbooks playbooks, RemediationPolicy policy) {
    this.playbooks = playbooks;
    this.policy = policy;
  }

  /** What the store knows that bounds a proposal. */
  public record History(
      List<RemediationAction> ofIncident,
      int ranOnServiceLastHour,
      Optional<Instant> lastForServiceAndCause,
      Optional<String> pausedBy) {}

  public Proposal propose(
      long eventId, IncidentDetail detail, Diagnosis diagnosis, History history, Instant now) {
    Incident incident = detail.incident();
    Out out = new Out(incident.id(), eventId, diagnosis.run(), now);
    Optional<Hypothesis> top =
        diagnosis.hypotheses().stream().max(Comparator.comparingDouble(Hypothesis::confidence));
    if (incident.status() == IncidentStatus.RESOLVED
        || top.isEmpty()
        || top.get().cause() == RootCause.UNKNOWN) {
      return out.nothing();
    }
    Optional<Playbook> matched = playbooks.match(top.get(), incident);
    if (matched.isEmpty()) {
      return out.nothing();
    }
    Playbook playbook = matched.get();
    if (playbook.escalatesOnly()) {
      // Escalation already called people: nothing automatic fixes this cause.
      return out.note(
          "playbook " + playbook.name() + " escalates only: " + top.get().cause().description());
    }
    if (!policy.enabled()) {
      return out.note("remediation is switched off in the response file");
    }
    if (history.pausedBy().isPresent()) {
      return out.note("remediation is paused (by " + history.pausedBy().get() + ")");
    }
    if (history.ofIncident().stream().anyMatch(action -> !action.state().terminal())) {
      // One action at a time; a new diagnosis while one runs changes nothing.
      return out.nothing();
    }
    Optional<RemediationAction> handedOver =
        history.ofIncident().stream().filter(a -> HANDED_OVER.contains(a.state())).findFirst();
    if (handedOver.isPresent()) {
      // Already handed over when it failed; no further automatic action on this incident.
      return out.nothing();
    }
    long counted =
        history.ofIncident().stream()
            .filter(action -> !action.dryRun() && action.state() != ActionState.REFUSED)
            .count();
    if (counted >= policy.maxActionsPerIncident()) {
      return out.handOver(
          "the incident had " + counted + " automatic action(s), the most allowed per incident");
    }
    int step =
        (int)
            history.ofIncident().stream()
                .filter(action -> action.playbook().equals(playbook.name()))
                .count();
    if (step >= playbook.actions().size()) {
      return out.handOver("playbook " + playbook.name() + " has no further action");
    }
    String service = top.get().service().isEmpty() ? incident.service() : top.get().service();
    if (history.ranOnServiceLastHour() >= policy.maxActionsPerServicePerHour()) {
      return out.handOver(
          service
              + " had "
              + history.ranOnServiceLastHour()
              + " action(s) in the last hour, the most allowed");
    }
    if (history.lastForServiceAndCause().isPresent()
        && history.lastForServiceAndCause().get().plus(policy.onceWithin()).isAfter(now)) {
      return out.handOver(
          "an action for "
              + service
              + " and "
              + top.get().cause().description()
              + " was proposed at "
              + history.lastForServiceAndCause().get()
              + ", within "
              + dev.firebreak.analysis.notify.Durations.words(policy.onceWithin()));
    }
    Playbook.Step action = playbook.actions().get(step);
    Map<String, String> parameters = new HashMap<>(action.parameters());
    Optional<String> target = target(action, parameters, incident, service);
    if (target.isEmpty()) {
      return out.handOver(
          "no "
              + (action.kind() == ActionKind.DELETE_POD ? "pod" : "deployment")
              + " to act on: the incident has no "
              + (action.kind() == ActionKind.DELETE_POD
                  ? "pod label"
                  : "deployment or service label"));
    }
    Optional<String> refused = bounds(action.kind(), target.get(), parameters);
    if (refused.isPresent()) {
      return out.handOver(refused.get());
    }
    NewAction proposed =
        new NewAction(
            playbook.name(),
            step,
            action.kind(),
            target.get(),
            service,
            top.get().cause(),
            action.risk(),
            parameters,
            policy.dryRun(),
            playbook.approvers(),
            verification(action.verify(), detail));
    out.timeline.add(
        new TimelineEntry(
            now,
            TimelineKind.ACTION,
            "proposed "
                + proposed.kind().wireName()
                + " "
                + proposed.target()
                + " ("
                + proposed.risk().wireName()
                + " risk, playbook "
                + playbook.name()
                + ") for "
                + top.get().cause().description()
                + (proposed.dryRun() ? "; dry-run only" : ""),
            null));
    return new Proposal(
        incident.id(), eventId, diagnosis.run(), Optional.of(proposed), out.timeline);
  }

  /** {@code namespace/name}: named by the playbook, else the incident's labels. */
  private static Optional<String> target(
      Playbook.Step action, Map<String, String> parameters, Incident incident, String service) {
    Map<String, String> labels = incident.labels();
    if (action.kind() == ActionKind.RUNBOOK) {
      return Optional.ofNullable(parameters.get("runbook")).filter(name -> !name.isBlank());
    }
    String namespace =
        first(
                parameters.get("namespace"),
                labels.get("namespace"),
                labels.get("kubernetes_namespace"))
            .orElse("default");
    Optional<String> name =
        action.kind() == ActionKind.DELETE_POD
            ? first(parameters.get("pod"), labels.get("pod"), labels.get("kubernetes_pod_name"))
            : first(
                parameters.get("deployment"),
                labels.get("deployment"),
                service.isEmpty() ? null : service);
    return name.map(found -> namespace + "/" + found);
  }

  private static Optional<String> first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.empty();
  }

  /** The policy's allow and deny lists and the size of a scale step; empty when within them. */
  private Optional<String> bounds(ActionKind kind, String target, Map<String, String> parameters) {
    if (kind == ActionKind.RUNBOOK) {
      return Optional.empty();
    }
    int slash = target.indexOf('/');
    String namespace = target.substring(0, slash);
    String name = target.substring(slash + 1);
    if (!policy.namespaces().admits(namespace)) {
      return Optional.of("namespace " + namespace + " is not allowed by the remediation policy");
    }
    if (kind != ActionKind.DELETE_POD && !policy.deployments().admits(name)) {
      return Optional.of("deployment " + name + " is not allowed by the remediation policy");
    }
    if (kind == ActionKind.SCALE) {
      int step;
      try {
        step = Integer.parseInt(parameters.getOrDefault("step", "1"));
      } catch (NumberFormatException e) {
        return Optional.of("scale step " + parameters.get("step") + " is not a number");
      }
      if (step < 1) {
        return Optional.of("scale step " + step + " adds no replica");
      }
      parameters.put("step", String.valueOf(Math.min(step, policy.maxScaleStep())));
      parameters.put("max_added", String.valueOf(policy.maxReplicasAdded()));
    }
    return Optional.empty();
  }

  /**
   * The playbook's own condition, else the expression of the incident's opening symptom: the
   * firing alert that started first; empty when neither exists (a person then judges the
   * result).
   */
  static Optional<Verification> verification(
      Playbook.VerifySettings settings, IncidentDetail detail) {
    AlertCondition condition;
    Map<String, String> match;
    if (settings.query().isPresent()) {
      String query = settings.query().get();
      if (settings.failsWhen().isPresent()) {
        Matcher matcher = FAILS_WHEN.matcher(settings.failsWhen().get());
        if (!matcher.matches()) {
          throw new IllegalArgumentException(
              "fails_when: expected a comparison with a number such as > 0.05, got "
                  + settings.failsWhen().get());
        }
        condition =
            new AlertCondition(
                query, Optional.of(matcher.group(1)), Double.parseDouble(matcher.group(2)));
      } else {
        condition = AlertCondition.presence(query);
      }
      match = detail.incident().labels();
    } else {
      Optional<StoredSignal> alert = alertWithExpression(detail.signals());
      if (alert.isEmpty()) {
        return Optional.empty();
      }
      condition = AlertCondition.parse(AlertExpressions.of(alert.get().signal()).orElseThrow());
      match = alert.get().signal().labels();
    }
    Duration initialDelay = settings.initialDelay();
    if (condition.longestRange().compareTo(initialDelay) > 0) {
      initialDelay = condition.longestRange();
    }
    return Optional.of(
        new Verification(
            condition.measured(),
            condition.operator(),
            condition.threshold(),
            match,
            initialDelay,
            settings.interval(),
            settings.count(),
            settings.failureLimit(),
            settings.inconclusiveLimit(),
            settings.consecutiveErrorLimit(),
            settings.noData()));
  }

  private static Optional<StoredSignal> alertWithExpression(List<StoredSignal> signals) {
    // The incident's opening symptom: of the alerts with an expression, a firing one before a
    // resolved one, the one that started first (an incident holds every alert group of its
    // service, and the first is what it is about), and of that alert its latest delivery.
    StoredSignal found = null;
    for (StoredSignal signal : signals) {
      if (AlertExpressions.of(signal.signal()).isEmpty()) {
        continue;
      }
      if (found == null) {
        found = signal;
        continue;
      }
      boolean firing = signal.signal().status() == SignalStatus.FIRING;
      boolean foundFiring = found.signal().status() == SignalStatus.FIRING;
      if (firing != foundFiring) {
        found = firing ? signal : found;
      } else if (!signal.signal().startsAt().isAfter(found.signal().startsAt())) {
        found = signal;
      }
    }
    return Optional.ofNullable(found);
  }

  /** One proposal's timeline. */
  private static final class Out {
    final long incidentId;
    final long eventId;
    final int run;
    final Instant now;
    final List<TimelineEntry> timeline = new ArrayList<>();

    Out(long incidentId, long eventId, int run, Instant now) {
      this.incidentId = incidentId;
      this.eventId = eventId;
      this.run = run;
      this.now = now;
    }

    Proposal nothing() {
      return new Proposal(incidentId, eventId, run, Optional.empty(), timeline);
    }

    Proposal note(String why) {
      timeline.add(
          new TimelineEntry(now, TimelineKind.ACTION, "no automatic action: " + why, null));
      return nothing();
    }

    /** Nothing automatic will happen where escalation waited for it: people are called. */
    Proposal handOver(String why) {
      timeline.add(
          new TimelineEntry(now, TimelineKind.HANDED_OVER, "no automatic action: " + why, null));
      return nothing();
    }
  }
}
