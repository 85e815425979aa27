package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static dev.firebreak.integrations.store.TestSignals.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.InvestigationClaim;
import dev.firebreak.analysis.port.NextInvestigation;
import dev.firebreak.analysis.port.StoredEvidence;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The investigations role: runs claimed with a lease, evidence and diagnoses stored together, retries and follow-ups. */
abstract class InvestigationsContract extends StoreContract {

  @Test
  void investigation_isClaimedOnceAndStoredWithItsExchanges() {
    long id = openInvestigatedIncident();
    assertThat(store.investigations().status(id))
        .get()
        .satisfies(status -> assertThat(status.state()).isEqualTo("pending"));
    Instant now = T0.plusSeconds(5);
    InvestigationClaim claim = store.investigations().claim(now, LEASE).orElseThrow();
    assertThat(claim.incidentId()).isEqualTo(id);
    assertThat(claim.run()).isEqualTo(1);
    assertThat(claim.attempt()).isEqualTo(1);
    // Leased: nobody else gets it.
    assertThat(store.investigations().claim(now, LEASE)).isEmpty();
    assertThat(store.investigations().dueCount(now)).isZero();

    assertThat(
            store
                .investigations()
                .complete(
                    claim,
                    evidence(id, 1, now),
                    new NextInvestigation(2, now.plusSeconds(60), null)))
        .isTrue();
    StoredEvidence stored = store.investigations().latestEvidence(id).orElseThrow();
    assertThat(stored.evidence()).isEqualTo(evidence(id, 1, now).evidence());
    assertThat(stored.exchanges()).isEqualTo(evidence(id, 1, now).exchanges());
    assertThat(store.investigations().status(id).orElseThrow().state()).isEqualTo("done");
    assertThat(store.investigations().claim(now.plusSeconds(3600), LEASE)).isEmpty();
  }

  @Test
  void investigation_storesTheDiagnosisInTheTransactionOfItsEvidence() {
    long id = openInvestigatedIncident();
    Diagnosis diagnosis =
        new Diagnosis(
            id,
            1,
            T0.plusSeconds(6),
            "rules",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Severity.WARNING,
            List.of());
    InvestigationClaim crashed = store.investigations().claim(T0, LEASE).orElseThrow();
    InvestigationClaim takeover =
        store.investigations().claim(T0.plus(LEASE).plusSeconds(1), LEASE).orElseThrow();
    // The lost lease stores neither evidence nor diagnosis.
    assertThat(
            store
                .investigations()
                .complete(
                    crashed, evidence(id, 1, T0), new NextInvestigation(0, T0, null), diagnosis))
        .isFalse();
    assertThat(store.investigations().latestDiagnosis(id)).isEmpty();
    assertThat(
            store
                .investigations()
                .complete(
                    takeover, evidence(id, 1, T0), new NextInvestigation(0, T0, null), diagnosis))
        .isTrue();
    assertThat(store.investigations().latestEvidence(id)).isPresent();
    assertThat(store.investigations().latestDiagnosis(id)).contains(diagnosis);
    assertThat(eventsOf(id)).containsExactly("opened", "investigated", "diagnosed");
    assertThat(store.events().eventsOf(id).get(2).detail()).endsWith("no likely cause");
  }

  @Test
  void investigation_expiredLeaseIsTakenOverAndTheOldClaimCannotComplete() {
    long id = openInvestigatedIncident();
    InvestigationClaim crashed = store.investigations().claim(T0, LEASE).orElseThrow();
    assertThat(store.investigations().claim(T0.plusSeconds(59), LEASE)).isEmpty();
    InvestigationClaim takeover =
        store.investigations().claim(T0.plusSeconds(61), LEASE).orElseThrow();
    assertThat(takeover.attempt()).isEqualTo(2);
    assertThat(
            store
                .investigations()
                .complete(crashed, evidence(id, 1, T0), new NextInvestigation(2, T0, null)))
        .isFalse();
    assertThat(store.investigations().latestEvidence(id)).isEmpty();
    assertThat(
            store
                .investigations()
                .complete(
                    takeover,
                    evidence(id, 1, T0.plusSeconds(61)),
                    new NextInvestigation(2, T0, null)))
        .isTrue();
  }

  @Test
  void investigation_survivesRestartWhilePending() throws Exception {
    long id = openInvestigatedIncident();
    store.investigations().claim(T0, LEASE).orElseThrow();
    store.close();
    store = reopen();
    InvestigationClaim resumed =
        store.investigations().claim(T0.plus(LEASE).plusSeconds(1), LEASE).orElseThrow();
    assertThat(resumed.incidentId()).isEqualTo(id);
  }

  @Test
  void investigation_retriesWithBackoffThenGivesUp() {
    long id = openInvestigatedIncident();
    InvestigationClaim first = store.investigations().claim(T0, LEASE).orElseThrow();
    store.investigations().retry(first, T0.plusSeconds(10), "store hiccup");
    assertThat(store.investigations().claim(T0.plusSeconds(9), LEASE)).isEmpty();
    InvestigationClaim second =
        store.investigations().claim(T0.plusSeconds(10), LEASE).orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
    store.investigations().retry(second, null, "gave up: bug");
    assertThat(store.investigations().status(id))
        .get()
        .satisfies(
            status -> {
              assertThat(status.state()).isEqualTo("failed");
              assertThat(status.lastError()).isEqualTo("gave up: bug");
            });
    assertThat(store.investigations().claim(T0.plusSeconds(3600), LEASE)).isEmpty();
  }

  @Test
  void investigation_newFiringSignalAsksForAnotherRunWithinTheLimits() {
    long id = openInvestigatedIncident();
    InvestigationClaim first = store.investigations().claim(T0, LEASE).orElseThrow();
    // A signal joins while the first run is going: it runs once more when done.
    store
        .intake()
        .append(
            List.of(firing(Source.ALERTMANAGER, "g1", "a2", T0.plusSeconds(30), CHECKOUT)),
            T0.plusSeconds(30));
    while (store.incidents().correlatePending(100, investigating) > 0) {
      // drain
    }
    store
        .investigations()
        .complete(first, evidence(id, 1, T0), new NextInvestigation(1, T0.plusSeconds(60), null));
    assertThat(store.investigations().claim(T0.plusSeconds(59), LEASE)).isEmpty();
    InvestigationClaim second =
        store.investigations().claim(T0.plusSeconds(60), LEASE).orElseThrow();
    assertThat(second.run()).isEqualTo(2);
    store
        .investigations()
        .complete(
            second,
            evidence(id, 2, T0.plusSeconds(60)),
            new NextInvestigation(0, T0.plusSeconds(120), null));
    assertThat(store.investigations().latestEvidence(id).orElseThrow().evidence().run())
        .isEqualTo(2);
    // No runs left: another firing signal changes nothing.
    store
        .intake()
        .append(
            List.of(firing(Source.ALERTMANAGER, "g1", "a3", T0.plusSeconds(200), CHECKOUT)),
            T0.plusSeconds(200));
    while (store.incidents().correlatePending(100, investigating) > 0) {
      // drain
    }
    assertThat(store.investigations().status(id).orElseThrow().state()).isEqualTo("done");
  }

  @Test
  void investigation_followUpIsScheduledWhenTheWindowWasNotOver() {
    long id = openInvestigatedIncident();
    InvestigationClaim first = store.investigations().claim(T0, LEASE).orElseThrow();
    store
        .investigations()
        .complete(
            first,
            evidence(id, 1, T0),
            new NextInvestigation(2, T0.plusSeconds(60), T0.plusSeconds(300)));
    assertThat(store.investigations().claim(T0.plusSeconds(299), LEASE)).isEmpty();
    assertThat(store.investigations().claim(T0.plusSeconds(300), LEASE))
        .get()
        .satisfies(claim -> assertThat(claim.run()).isEqualTo(2));
  }

  @Test
  void investigation_notAskedForWhenNoSourceIsConfigured() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    correlateAll();
    assertThat(store.investigations().status(only().id())).isEmpty();
    assertThat(store.investigations().claim(T0.plusSeconds(60), LEASE)).isEmpty();
  }
}
