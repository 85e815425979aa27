package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static dev.firebreak.integrations.store.TestSignals.firing;
import static dev.firebreak.integrations.store.TestSignals.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.correlate.ManualTransitions;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.IncidentEvents;
import dev.firebreak.analysis.port.InvestigationClaim;
import dev.firebreak.analysis.port.NextInvestigation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The incident events: written in the transaction of their change, seen once and in order by each consumer, retained as configured. */
abstract class IncidentEventsContract extends StoreContract {

  @Test
  void events_recordEveryChangeInTheTransactionThatMadeIt() {
    long id = openInvestigatedIncident();
    Instant end = T0.plusSeconds(60);
    store
        .intake()
        .append(List.of(resolved(Source.ALERTMANAGER, "g1", "a1", T0, end, CHECKOUT)), end);
    correlateAll();
    Instant again = T0.plusSeconds(120);
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", again, CHECKOUT)), again);
    correlateAll();
    store
        .incidents()
        .update(id, i -> ManualTransitions.acknowledge(i, again.plusSeconds(5), "alice", null));
    InvestigationClaim claim = store.investigations().claim(T0.plusSeconds(5), LEASE).orElseThrow();
    store
        .investigations()
        .complete(
            claim,
            evidence(id, claim.run(), T0.plusSeconds(5)),
            new NextInvestigation(0, T0.plusSeconds(60), null));
    store
        .investigations()
        .saveDiagnosis(
            new Diagnosis(
                id,
                claim.run(),
                T0.plusSeconds(6),
                "rules",
                List.of(),
                List.of(),
                List.of(),
                List.of(
                    new Hypothesis(
                        RootCause.BAD_DEPLOY, "checkout", 0.8, "deployed just before", List.of())),
                Severity.HIGH,
                List.of()));

    assertThat(eventsOf(id))
        .containsExactly(
            "opened",
            "signal",
            "resolved",
            "signal",
            "reopened",
            "acknowledged",
            "investigated",
            "diagnosed");
    List<IncidentEvent> events = store.events().eventsOf(id);
    assertThat(events.get(2).detail()).isEqualTo("resolved: no signal is firing any more");
    assertThat(events.get(2).at()).isEqualTo(end);
    assertThat(events.get(1).signalId()).isNotNull();
    assertThat(events.get(7).run()).isEqualTo(1);
    assertThat(events.get(7).detail()).contains("bad_deploy in checkout (confidence 0.80)");
    assertThat(events).extracting(IncidentEvent::id).isSorted();
  }

  @Test
  void events_aConsumerSeesEachEventOnceInOrderAcrossRestarts() throws Exception {
    for (int i = 0; i < 5; i++) {
      store
          .intake()
          .append(
              List.of(
                  firing(Source.ALERTMANAGER, "g" + i, "a" + i, T0, Map.of("service", "s" + i))),
              T0);
    }
    correlateAll();
    List<Long> seen = new ArrayList<>();
    assertThat(
            store
                .events()
                .consume("notify", 3, batch -> batch.forEach(event -> seen.add(event.id()))))
        .isEqualTo(3);
    // A handler that fails leaves its batch to be taken again.
    assertThatThrownBy(
            () ->
                store
                    .events()
                    .consume(
                        "notify",
                        3,
                        batch -> {
                          throw new IllegalStateException("slack down");
                        }))
        .isInstanceOf(IncidentEvents.EventHandlerException.class)
        .hasMessageContaining("slack");
    store.close();
    store = reopen();
    assertThat(
            store
                .events()
                .consume("notify", 10, batch -> batch.forEach(event -> seen.add(event.id()))))
        .isEqualTo(2);
    assertThat(store.events().consume("notify", 10, batch -> seen.add(-1L))).isZero();
    assertThat(seen).hasSize(5).doesNotHaveDuplicates().isSorted();
    assertThat(store.events().position("notify")).isEqualTo(store.events().latestEventId());
    // Another consumer has its own position.
    assertThat(store.events().consume("postmortem", 100, batch -> {})).isEqualTo(5);
  }

  @Test
  void events_olderThanTheRetentionAreDeleted() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    correlateAll();
    long id = only().id();
    assertThat(store.events().deleteRecordedBefore(Instant.now().minusSeconds(3600))).isZero();
    assertThat(eventsOf(id)).containsExactly("opened");
    assertThat(store.events().deleteRecordedBefore(Instant.now().plusSeconds(1))).isEqualTo(1);
    assertThat(eventsOf(id)).isEmpty();
  }
}
