package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The remediations role: actions proposed once, stepped under the work lease, paused for everyone. */
abstract class RemediationsContract extends StoreContract {

  @Test
  void remediations_proposeOncePerEvent_andStepUnderTheLease() {
    long id = openIncident();
    Remediations actions = store.remediations();
    Remediations.Proposal proposal =
        new Remediations.Proposal(
            id,
            200,
            1,
            Optional.of(scaleAction(false)),
            List.of(new TimelineEntry(T0, TimelineKind.ACTION, "proposed scale", null)));
    List<Long> written = actions.propose(List.of(proposal), Instant.now());
    assertThat(written).hasSize(1);
    assertThat(actions.propose(List.of(proposal), Instant.now()))
        .as("a replayed proposal")
        .isEmpty();
    long actionId = written.get(0);
    RemediationAction stored = actions.find(actionId).orElseThrow();
    assertThat(stored.state()).isEqualTo(ActionState.PLANNING);
    assertThat(stored.verification().orElseThrow().condition())
        .isEqualTo("rate(errors[5m]) > 0.05");
    assertThat(stored.approvers()).containsExactly("carol");
    assertThat(store.events().eventsOf(id)).extracting(e -> e.kind().wireName()).contains("action");

    WorkQueue.WorkClaim claim =
        store
            .work()
            .claim(Set.of(Remediations.WORK_KIND), Instant.now(), Duration.ofMinutes(1))
            .orElseThrow();
    assertThat(claim.subject()).isEqualTo(RemediationAction.subject(actionId));
    Instant later = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Optional<RemediationAction> executing =
        actions.change(
            Optional.of(claim),
            actionId,
            Set.of(ActionState.PLANNING),
            Remediations.Change.to(ActionState.EXECUTING, "firebreak", "running")
                .withPlan("spec.replicas 3 → 4")
                .withPrior(Map.of("replicas", "3"))
                .due(later));
    assertThat(executing)
        .get()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(ActionState.EXECUTING);
              assertThat(a.prior()).containsEntry("replicas", "3");
              assertThat(a.plan()).isEqualTo("spec.replicas 3 → 4");
            });
    assertThat(store.work().item(Remediations.WORK_KIND, claim.subject()).orElseThrow().dueAt())
        .isEqualTo(later);
    assertThat(
            actions.change(
                Optional.of(claim),
                actionId,
                Set.of(ActionState.EXECUTING),
                Remediations.Change.to(ActionState.VERIFYING, "firebreak", "again")))
        .as("the claim was handed back with the last change")
        .isEmpty();
    assertThat(actions.ranSince("checkout", T0.minusSeconds(1))).isEqualTo(1);
    assertThat(actions.lastProposed("checkout", RootCause.TRAFFIC_SURGE, id)).isEmpty();
    assertThat(actions.lastProposed("checkout", RootCause.TRAFFIC_SURGE, id + 1)).isPresent();
    assertThat(actions.history(actionId))
        .extracting(r -> r.state().wireName() + ":" + r.actor())
        .containsExactly("planning:firebreak", "executing:firebreak");
    assertThat(actions.counts().get(ActionKind.SCALE)).containsEntry(ActionState.EXECUTING, 1L);
  }

  @Test
  void remediations_aPersonsAnswerQueuesTheNextStep_andTheWorkersStaleChangeIsRefused() {
    long id = openIncident();
    Remediations actions = store.remediations();
    long actionId =
        actions
            .propose(
                List.of(
                    new Remediations.Proposal(
                        id, 201, 1, Optional.of(scaleAction(false)), List.of())),
                Instant.now())
            .get(0);
    WorkQueue.WorkClaim claim =
        store
            .work()
            .claim(Set.of(Remediations.WORK_KIND), Instant.now(), Duration.ofMinutes(1))
            .orElseThrow();
    Instant expires = Instant.now().plusSeconds(900);
    actions.change(
        Optional.of(claim),
        actionId,
        Set.of(ActionState.PLANNING),
        Remediations.Change.to(ActionState.AWAITING_APPROVAL, "firebreak", "waits")
            .expiringAt(expires)
            .due(expires));
    Optional<RemediationAction> approved =
        actions.change(
            Optional.empty(),
            actionId,
            Set.of(ActionState.AWAITING_APPROVAL),
            Remediations.Change.to(ActionState.APPROVED, "carol", "approved by carol")
                .answeredBy("carol")
                .withTimeline(new TimelineEntry(T0, TimelineKind.ACTION, "approved by carol", null))
                .due(Instant.now()));
    assertThat(approved).get().extracting(RemediationAction::answeredBy).isEqualTo("carol");
    assertThat(
            actions.change(
                Optional.empty(),
                actionId,
                Set.of(ActionState.AWAITING_APPROVAL),
                Remediations.Change.to(ActionState.REJECTED, "dave", "rejected")))
        .as("a second answer")
        .isEmpty();
    assertThat(store.work().dueCount(Remediations.WORK_KIND, Instant.now().plusSeconds(1)))
        .isEqualTo(1);
  }

  @Test
  void remediations_pauseIsSharedAndLifted() {
    Remediations actions = store.remediations();
    assertThat(actions.paused()).isEmpty();
    actions.setPaused(Optional.of("carol"), "bad deploy in progress", T0);
    assertThat(actions.paused())
        .get()
        .satisfies(
            p -> {
              assertThat(p.by()).isEqualTo("carol");
              assertThat(p.reason()).isEqualTo("bad deploy in progress");
            });
    actions.setPaused(Optional.of("dave"), "still", T0.plusSeconds(1));
    assertThat(actions.paused()).get().extracting(Remediations.Pause::by).isEqualTo("dave");
    actions.setPaused(Optional.empty(), "", T0);
    assertThat(actions.paused()).isEmpty();
  }
}
