package dev.firebreak.analysis.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.port.Remediations.NewAction;
import dev.firebreak.analysis.port.Remediations.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policy as a table: a diagnosis, what the store knows and the policy in force → what is
 * proposed, or why nothing is ("note:" for the timeline, "handed over:" when people are called).
 */
class ProposerTest {

  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  static IncidentDetail detail(Map<String, String> labels, IncidentStatus status) {
    Incident incident =
        new Incident(
            7,
            "HighErrorRate",
            status,
            Severity.CRITICAL,
            labels.getOrDefault("service", ""),
            labels,
            Set.of(Source.ALERTMANAGER),
            NOW,
            NOW,
            NOW,
            null,
            null,
            1);
    Signal alert =
        new Signal(
            Source.ALERTMANAGER,
            "d1",
            "g1",
            "a1",
            SignalStatus.FIRING,
            "firing",
            Severity.CRITICAL,
            "errors above 5%",
            labels,
            Map.of(),
            Map.of(
                "generatorURL",
                "http://prometheus:9090/graph?g0.expr=sum+by+%28service%29"
                    + "+%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29+%3E+0.05"),
            NOW,
            null,
            0);
    return new IncidentDetail(incident, List.of(new StoredSignal(1, NOW, alert, 7L)), List.of());
  }

  static Diagnosis diagnosis(RootCause cause, double confidence) {
    return diagnosis(cause, confidence, "checkout");
  }

  static Diagnosis diagnosis(RootCause cause, double confidence, String service) {
    return new Diagnosis(
        7,
        2,
        NOW,
        "rules",
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new Hypothesis(RootCause.UNKNOWN, "checkout", 0.1, "weak", List.of()),
            new Hypothesis(cause, service, confidence, "why", List.of())),
        Severity.HIGH,
        List.of());
  }

  static RemediationAction earlier(ActionState state, String playbook, boolean dryRun) {
    return new RemediationAction(
        1,
        7,
        1,
        playbook,
        0,
        ActionKind.SCALE,
        "shop/checkout",
        Risk.LOW,
        Map.of(),
        state,
        dryRun,
        null,
        Map.of(),
        List.of(),
        Optional.empty(),
        List.of(),
        null,
        null,
        null,
        NOW,
        NOW);
  }

  /** What a proposal comes to, in one line. */
  static String outcome(Proposal proposal) {
    if (proposal.action().isPresent()) {
      NewAction action = proposal.action().get();
      return action.kind().wireName()
          + " "
          + action.target()
          + " "
          + action.risk().wireName()
          + (action.dryRun() ? " dry-run" : "")
          + (action.parameters().containsKey("step")
              ? " step " + action.parameters().get("step")
              : "");
    }
    return proposal.timeline().stream()
        .map(
            entry ->
                (entry.kind().wireName().equals("handed_over") ? "handed over: " : "note: ")
                    + entry.message())
        .collect(Collectors.joining("; "));
  }

  @ParameterizedTest(name = "{0} {1} / {2} → {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "traffic_surge        | 0.8 | defaults              | scale shop/checkout low dry-run step 1",
        "resource_saturation  | 0.8 | live                  | scale shop/checkout low step 1",
        "bad_deploy           | 0.8 | live                  | rollout_undo shop/checkout medium",
        "memory_leak          | 0.9 | live                  | restart shop/checkout low",
        "connection_pool_exhaustion | 0.7 | live            | restart shop/checkout medium",
        "memory_leak          | 0.4 | live                  | ''",
        "unknown              | 0.9 | live                  | ''",
        "dependency_down      | 0.9 | live                  | note: no automatic action: playbook dependency-down escalates only: dependency down",
        "disk_full            | 0.9 | live                  | note: no automatic action: playbook disk-full escalates only: disk full",
        "traffic_surge        | 0.8 | paused                | note: no automatic action: remediation is paused (by carol)",
        "traffic_surge        | 0.8 | switched off          | note: no automatic action: remediation is switched off in the response file",
        "traffic_surge        | 0.8 | resolved              | ''",
        "traffic_surge        | 0.8 | one open              | ''",
        "traffic_surge        | 0.8 | one rolled back       | ''",
        "traffic_surge        | 0.8 | one succeeded         | handed over: no automatic action: the incident had 1 automatic action(s), the most allowed per incident",
        "traffic_surge        | 0.8 | one dry-run           | scale shop/checkout low step 1",
        "traffic_surge        | 0.8 | busy hour             | handed over: no automatic action: checkout had 3 action(s) in the last hour, the most allowed",
        "traffic_surge        | 0.8 | throttled             | handed over: no automatic action: an action for checkout and traffic surge was proposed at 2026-12-02T09:50:00Z, within 30 min",
        "traffic_surge        | 0.8 | kube-system           | handed over: no automatic action: namespace kube-system is not allowed by the remediation policy",
        "traffic_surge        | 0.8 | denied deployment     | handed over: no automatic action: deployment checkout is not allowed by the remediation policy",
        "traffic_surge        | 0.8 | no labels             | handed over: no automatic action: no deployment to act on: the incident has no deployment or service label",
        "traffic_surge        | 0.8 | big step              | scale shop/checkout low step 2",
      })
  void proposes(String cause, double confidence, String setup, String expected) {
    RemediationPolicy policy = RemediationPolicy.defaults();
    Map<String, String> labels = new HashMap<>(Map.of("service", "checkout", "namespace", "shop"));
    IncidentStatus status = IncidentStatus.OPEN;
    List<RemediationAction> actions = new ArrayList<>();
    int ranLastHour = 0;
    Optional<Instant> last = Optional.empty();
    Optional<String> paused = Optional.empty();
    Playbooks playbooks = Playbooks.defaults();
    boolean live = !setup.trim().equals("defaults");
    switch (setup.trim()) {
      case "paused" -> paused = Optional.of("carol");
      case "switched off" -> policy = with(policy, false, live, Selector.NAMESPACES, null);
      case "resolved" -> status = IncidentStatus.RESOLVED;
      case "one open" -> actions.add(earlier(ActionState.VERIFYING, "scale-up", false));
      case "one rolled back" -> actions.add(earlier(ActionState.ROLLED_BACK, "scale-up", false));
      case "one succeeded" -> actions.add(earlier(ActionState.SUCCEEDED, "scale-up", false));
      case "one dry-run" -> actions.add(earlier(ActionState.DRY_RUN, "other", true));
      case "busy hour" -> ranLastHour = 3;
      case "throttled" -> last = Optional.of(NOW.minus(Duration.ofMinutes(10)));
      case "kube-system" -> labels.put("namespace", "kube-system");
      case "denied deployment" ->
          policy =
              with(
                  policy,
                  true,
                  live,
                  Selector.DEPLOYMENTS,
                  new RemediationPolicy.Selector(List.of(), List.of("check*")));
      case "no labels" -> labels.remove("service");
      case "big step" ->
          playbooks =
              new Playbooks(
                  List.of(
                      new Playbook(
                          "scale-up",
                          Playbook.Match.cause(RootCause.TRAFFIC_SURGE, 0.5),
                          List.of(
                              new Playbook.Step(
                                  ActionKind.SCALE,
                                  Risk.LOW,
                                  Map.of("step", "5"),
                                  Playbook.VerifySettings.defaults())),
                          List.of())));
      default -> {}
    }
    if (!setup.trim().equals("switched off") && !setup.trim().equals("denied deployment")) {
      policy = with(policy, policy.enabled(), live, Selector.NAMESPACES, null);
    }
    Proposer proposer = new Proposer(playbooks, policy);
    Proposal proposal =
        proposer.propose(
            100,
            detail(labels, status),
            diagnosis(
                RootCause.fromWireName(cause.trim()),
                confidence,
                setup.trim().equals("no labels") ? "" : "checkout"),
            new Proposer.History(actions, ranLastHour, last, paused),
            NOW);
    assertThat(outcome(proposal)).isEqualTo(expected == null ? "" : expected.trim());
  }

  @Test
  void theVerificationIsTheAlertsOwnCondition_waitingOutItsRateWindow() {
    Proposal proposal =
        new Proposer(Playbooks.defaults(), RemediationPolicy.defaults())
            .propose(
                100,
                detail(Map.of("service", "checkout", "namespace", "shop"), IncidentStatus.OPEN),
                diagnosis(RootCause.TRAFFIC_SURGE, 0.8),
                new Proposer.History(List.of(), 0, Optional.empty(), Optional.empty()),
                NOW);
    var verification = proposal.action().orElseThrow().verification().orElseThrow();
    assertThat(verification.query())
        .isEqualTo("sum by (service) (rate(http_requests_total{code=~\"5..\"}[5m]))");
    assertThat(verification.operator()).contains(">");
    assertThat(verification.threshold()).isEqualTo(0.05);
    assertThat(verification.initialDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(verification.match()).containsEntry("service", "checkout");
    assertThat(proposal.timeline())
        .extracting(TimelineEntry::message)
        .containsExactly(
            "proposed scale shop/checkout (low risk, playbook scale-up) for traffic surge; dry-run only");
  }

  @Test
  void withSeveralAlertsOfTheServiceTheOpeningSymptomIsVerified() {
    IncidentDetail errors =
        detail(Map.of("service", "checkout", "namespace", "shop"), IncidentStatus.OPEN);
    // A CPU alert of the same service joined later, from its own group.
    Signal cpu =
        new Signal(
            Source.ALERTMANAGER,
            "d2",
            "g2",
            "a2",
            SignalStatus.FIRING,
            "firing",
            Severity.WARNING,
            "cpu above 90%",
            Map.of("service", "checkout", "namespace", "shop"),
            Map.of(),
            Map.of(
                "generatorURL",
                "http://prometheus:9090/graph?g0.expr=rate%28process_cpu_seconds_total%5B2m%5D%29"
                    + "+%3E+0.9"),
            NOW.plusSeconds(30),
            null,
            0);
    List<StoredSignal> signals = new ArrayList<>(errors.signals());
    signals.add(new StoredSignal(2, NOW.plusSeconds(30), cpu, 7L));
    IncidentDetail both = new IncidentDetail(errors.incident(), signals, List.of());
    Proposal proposal =
        new Proposer(Playbooks.defaults(), RemediationPolicy.defaults())
            .propose(
                100,
                both,
                diagnosis(RootCause.TRAFFIC_SURGE, 0.8),
                new Proposer.History(List.of(), 0, Optional.empty(), Optional.empty()),
                NOW);
    assertThat(proposal.action().orElseThrow().verification().orElseThrow().query())
        .isEqualTo("sum by (service) (rate(http_requests_total{code=~\"5..\"}[5m]))");
  }

  enum Selector {
    NAMESPACES,
    DEPLOYMENTS
  }

  static RemediationPolicy with(
      RemediationPolicy policy,
      boolean enabled,
      boolean live,
      Selector which,
      RemediationPolicy.Selector selector) {
    return new RemediationPolicy(
        enabled,
        !live,
        policy.autoRisk(),
        policy.maxActionsPerIncident(),
        policy.maxActionsPerServicePerHour(),
        policy.maxScaleStep(),
        policy.maxReplicasAdded(),
        which == Selector.NAMESPACES && selector != null ? selector : policy.namespaces(),
        which == Selector.DEPLOYMENTS && selector != null ? selector : policy.deployments(),
        policy.onceWithin(),
        policy.approvalTtl());
  }
}
