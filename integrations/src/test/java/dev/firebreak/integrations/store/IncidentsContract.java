package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static dev.firebreak.integrations.store.TestSignals.firing;
import static dev.firebreak.integrations.store.TestSignals.resolved;
import static dev.firebreak.integrations.store.TestSignals.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.correlate.CorrelationSettings;
import dev.firebreak.analysis.correlate.Correlator;
import dev.firebreak.analysis.correlate.IllegalTransitionException;
import dev.firebreak.analysis.correlate.ManualTransitions;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.IncidentReader;
import dev.firebreak.analysis.port.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The incidents role: correlation into incidents, changes by hand, and the read side. */
abstract class IncidentsContract extends StoreContract {

  @Test
  void summary_isTheIncidentAsTheDetailHasIt() {
    store
        .intake()
        .append(
            List.of(
                firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT),
                firing(Source.ALERTMANAGER, "g1", "a2", T0.plusSeconds(5), CHECKOUT)),
            T0.plusSeconds(5));
    correlateAll();
    Incident incident = only();
    assertThat(store.incidents().summary(incident.id()))
        .contains(store.incidents().detail(incident.id()).orElseThrow().incident());
    assertThat(store.incidents().summary(incident.id()).orElseThrow().signalCount()).isEqualTo(2);
    assertThat(store.incidents().summary(incident.id() + 1)).isEmpty();
  }

  @Test
  void detail_holdsEachAlertsLatestSignal_andAtMostTheBoundOfAlerts() {
    List<Signal> storm = new ArrayList<>();
    storm.add(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT));
    storm.add(resolved(Source.ALERTMANAGER, "g1", "a1", T0, T0.plusSeconds(30), CHECKOUT));
    int alerts = IncidentReader.MAX_DETAIL_ALERTS + 20;
    for (int i = 2; i <= alerts; i++) {
      storm.add(firing(Source.ALERTMANAGER, "g1", "a" + i, T0.plusSeconds(1), CHECKOUT));
    }
    store.intake().append(storm, T0.plusSeconds(30));
    correlateAll();
    store
        .intake()
        .append(
            List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0.plusSeconds(40), CHECKOUT)),
            T0.plusSeconds(40));
    correlateAll();
    Incident incident = store.incidents().summary(only().id()).orElseThrow();
    var detail = store.incidents().detail(incident.id()).orElseThrow();

    assertThat(incident.signalCount()).isEqualTo(alerts + 2);
    // Oldest first; of each alert its first and latest signal; the most recently signalled
    // alerts kept: a1 fired again last, and its resolution in between is not read.
    assertThat(detail.signals()).hasSize(IncidentReader.MAX_DETAIL_ALERTS + 1);
    assertThat(detail.signals().stream().map(s -> s.signal().alertKey()).distinct().count())
        .isEqualTo(IncidentReader.MAX_DETAIL_ALERTS);
    assertThat(detail.signals()).extracting(s -> s.id()).isSorted();
    var first = detail.signals().get(0).signal();
    var latest = detail.signals().get(detail.signals().size() - 1).signal();
    assertThat(first.alertKey()).isEqualTo("a1");
    assertThat(first.startsAt()).isEqualTo(T0);
    assertThat(latest.alertKey()).isEqualTo("a1");
    assertThat(latest.status()).isEqualTo(SignalStatus.FIRING);
    assertThat(latest.startsAt()).isEqualTo(T0.plusSeconds(40));
    assertThat(detail.signals())
        .filteredOn(s -> s.signal().alertKey().equals("a1"))
        .extracting(s -> s.signal().status())
        .containsExactly(SignalStatus.FIRING, SignalStatus.FIRING);
    // A person's view holds the most recent signals, every state change included.
    var history = store.incidents().history(incident.id()).orElseThrow();
    assertThat(history.signals()).hasSize(IncidentReader.MAX_HISTORY_SIGNALS);
    assertThat(history.signals()).extracting(s -> s.id()).isSorted();
    assertThat(history.signals().get(history.signals().size() - 1).signal().startsAt())
        .isEqualTo(T0.plusSeconds(40));
    assertThat(history.timeline()).isEqualTo(detail.timeline());
    assertThat(detail.signals())
        .extracting(s -> s.signal().alertKey())
        .doesNotContain("a2")
        .contains("a" + alerts);
  }

  @Test
  void correlate_newGroupGoesAheadOfAnotherGroupsBacklog() {
    List<Signal> backlog = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      backlog.add(firing(Source.ALERTMANAGER, "storm", "a" + i, T0, CHECKOUT));
    }
    store.intake().append(backlog, T0);
    store
        .intake()
        .append(
            List.of(
                firing(
                    Source.ALERTMANAGER,
                    "fresh",
                    "new",
                    T0.plusSeconds(1),
                    Map.of("service", "payments"))),
            T0.plusSeconds(1));

    assertThat(store.incidents().correlatePending(10, correlator)).isEqualTo(10);

    assertThat(store.incidents().list(IncidentQuery.all(10)).items())
        .extracting(Incident::service)
        .containsExactlyInAnyOrder("checkout", "payments");
    assertThat(store.incidents().pendingSignalCount()).isEqualTo(291);
  }

  @Test
  void correlate_keepsEachGroupInArrivalOrderWhileHeadsGoFirst() {
    Instant end = T0.plusSeconds(60);
    for (int i = 0; i < 20; i++) {
      store
          .intake()
          .append(List.of(firing(Source.ALERTMANAGER, "storm", "a" + i, T0, CHECKOUT)), T0);
    }
    // A group that fires and resolves while the other's backlog waits: its resolution must
    // not be correlated before its firing, however the batches are cut.
    store
        .intake()
        .append(List.of(firing(Source.DATADOG, "quick", "q", T0, Map.of("service", "pay"))), T0);
    store
        .intake()
        .append(
            List.of(resolved(Source.DATADOG, "quick", "q", T0, end, Map.of("service", "pay"))),
            end);
    while (store.incidents().correlatePending(3, correlator) > 0) {
      // drain in small batches
    }
    Incident quick =
        store.incidents().list(IncidentQuery.all(10)).items().stream()
            .filter(incident -> "pay".equals(incident.service()))
            .findFirst()
            .orElseThrow();
    assertThat(quick.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(store.incidents().detail(quick.id()).orElseThrow().timeline())
        .extracting(t -> t.kind())
        .containsExactly(TimelineKind.OPENED, TimelineKind.SIGNAL, TimelineKind.RESOLVED);
    assertThat(store.incidents().pendingSignalCount()).isZero();
  }

  @Test
  void correlate_groupsBySourceGroupAndResolvesWhenAllAlertsResolve() {
    Instant end = T0.plusSeconds(120);
    store
        .intake()
        .append(
            List.of(
                firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT),
                firing(Source.ALERTMANAGER, "g1", "a2", T0, CHECKOUT)),
            T0);
    correlateAll();
    assertThat(only().status()).isEqualTo(IncidentStatus.OPEN);

    store
        .intake()
        .append(List.of(resolved(Source.ALERTMANAGER, "g1", "a1", T0, end, CHECKOUT)), end);
    correlateAll();
    assertThat(only().status()).isEqualTo(IncidentStatus.OPEN);

    store
        .intake()
        .append(List.of(resolved(Source.ALERTMANAGER, "g1", "a2", T0, end, CHECKOUT)), end);
    correlateAll();
    Incident incident = only();
    assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(incident.resolvedAt()).isEqualTo(end);
    assertThat(incident.signalCount()).isEqualTo(4);
    assertThat(store.incidents().detail(incident.id()).orElseThrow().timeline())
        .extracting(e -> e.kind())
        .containsExactly(
            TimelineKind.OPENED,
            TimelineKind.SIGNAL,
            TimelineKind.SIGNAL,
            TimelineKind.SIGNAL,
            TimelineKind.RESOLVED);
  }

  @Test
  void correlate_reopensWithinWindowAndOpensNewIncidentAfterIt() {
    Instant end = T0.plusSeconds(60);
    store
        .intake()
        .append(
            List.of(
                firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT),
                resolved(Source.ALERTMANAGER, "g1", "a1", T0, end, CHECKOUT)),
            end);
    correlateAll();
    assertThat(only().status()).isEqualTo(IncidentStatus.RESOLVED);

    Instant refire = end.plus(Duration.ofMinutes(5));
    store
        .intake()
        .append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", refire, CHECKOUT)), refire);
    correlateAll();
    Incident reopened = only();
    assertThat(reopened.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(store.incidents().detail(reopened.id()).orElseThrow().timeline())
        .extracting(e -> e.kind())
        .contains(TimelineKind.REOPENED);

    Instant end2 = refire.plusSeconds(60);
    Instant late = end2.plus(Duration.ofHours(2));
    store
        .intake()
        .append(
            List.of(
                resolved(Source.ALERTMANAGER, "g1", "a1", refire, end2, CHECKOUT),
                firing(Source.ALERTMANAGER, "g1", "a1", late, CHECKOUT)),
            late);
    correlateAll();
    List<Incident> incidents = store.incidents().list(IncidentQuery.all(10)).items();
    assertThat(incidents)
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
  }

  @Test
  void correlate_joinsOtherSourceOnSharedLabelsWithinWindow() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    Instant later = T0.plus(Duration.ofMinutes(3));
    store
        .intake()
        .append(
            List.of(firing(Source.DATADOG, "cycle-9", "m9", later, Map.of("service", "checkout"))),
            later);
    correlateAll();
    Incident incident = only();
    assertThat(incident.sources()).containsExactlyInAnyOrder(Source.ALERTMANAGER, Source.DATADOG);
    assertThat(
            store
                .incidents()
                .list(new IncidentQuery(null, null, null, Source.DATADOG, null, null, null, 10))
                .items())
        .hasSize(1);
  }

  @Test
  void correlate_anotherGroupOfTheSameSourceAboutTheSameServiceJoinsOneIncident() {
    // A failing service's usual symptom alerts, grouped apart by Alertmanager's group_by.
    store
        .intake()
        .append(
            List.of(
                firing(
                    Source.ALERTMANAGER,
                    "{}:{alertname=\"HighErrorRate\"}",
                    "errors",
                    T0,
                    Map.of(
                        "alertname", "HighErrorRate", "service", "checkout", "cluster", "prod"))),
            T0);
    Instant later = T0.plusSeconds(20);
    store
        .intake()
        .append(
            List.of(
                firing(
                    Source.ALERTMANAGER,
                    "{}:{alertname=\"HighLatency\"}",
                    "latency",
                    later,
                    Map.of("alertname", "HighLatency", "service", "checkout", "cluster", "prod"))),
            later);
    correlateAll();
    Incident incident = only();
    assertThat(store.incidents().detail(incident.id()).orElseThrow().timeline())
        .anyMatch(
            entry ->
                entry.kind() == TimelineKind.SIGNAL
                    && entry.message().contains("HighLatency")
                    && entry
                        .message()
                        .endsWith(
                            "joined: another alertmanager alert group about the same"
                                + " service=checkout, cluster=prod"));

    // Its group now leads to it: the group's next alert joins through it, not by service.
    Instant resolved = T0.plusSeconds(60);
    store
        .intake()
        .append(
            List.of(
                resolved(
                    Source.ALERTMANAGER,
                    "{}:{alertname=\"HighLatency\"}",
                    "latency",
                    later,
                    resolved,
                    Map.of("alertname", "HighLatency", "service", "checkout", "cluster", "prod"))),
            resolved);
    correlateAll();
    assertThat(only().id()).isEqualTo(incident.id());
  }

  @Test
  void correlate_sameServiceElsewhereOrKeptApartOpensItsOwnIncident() {
    Correlator apart =
        new Correlator(
            new CorrelationSettings(
                Duration.ofMinutes(15),
                Duration.ofMinutes(30),
                CorrelationSettings.DEFAULT_LABEL_KEYS,
                true,
                List.of(Map.of("alertname", "Watchdog"))));
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    store
        .intake()
        .append(
            List.of(
                // the same service in another cluster is another problem
                firing(
                    Source.ALERTMANAGER,
                    "g2",
                    "a2",
                    T0,
                    Map.of("service", "checkout", "cluster", "staging")),
                // kept apart by configuration
                firing(
                    Source.ALERTMANAGER,
                    "g3",
                    "a3",
                    T0,
                    Map.of("service", "checkout", "cluster", "prod", "alertname", "Watchdog"))),
            T0.plusSeconds(1));
    Instant late = T0.plus(Duration.ofHours(1));
    // outside the window
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g4", "a4", late, CHECKOUT)), late);
    while (store.incidents().correlatePending(100, apart) > 0) {
      // drain
    }
    assertThat(store.incidents().list(IncidentQuery.all(10)).items()).hasSize(4);
  }

  @Test
  void correlate_sameServiceGroupingCanBeTurnedOff() {
    Correlator perGroup =
        new Correlator(
            new CorrelationSettings(
                Duration.ofMinutes(15),
                Duration.ofMinutes(30),
                CorrelationSettings.DEFAULT_LABEL_KEYS,
                false,
                List.of()));
    store
        .intake()
        .append(
            List.of(
                firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT),
                firing(Source.ALERTMANAGER, "g2", "a2", T0, CHECKOUT)),
            T0);
    while (store.incidents().correlatePending(100, perGroup) > 0) {
      // drain
    }
    assertThat(store.incidents().list(IncidentQuery.all(10)).items()).hasSize(2);
  }

  @Test
  void correlate_keepsApartConflictingLabelsAndSignalsOutsideWindow() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    store
        .intake()
        .append(
            List.of(
                firing(
                    Source.DATADOG,
                    "c1",
                    "m1",
                    T0,
                    Map.of("service", "payments", "cluster", "prod"))),
            T0);
    Instant late = T0.plus(Duration.ofHours(1));
    store.intake().append(List.of(firing(Source.PAGERDUTY, "P1", "P1", late, CHECKOUT)), late);
    correlateAll();
    assertThat(store.incidents().list(IncidentQuery.all(10)).items()).hasSize(3);
  }

  @Test
  void correlate_raisesSeverityAndIgnoresStaleFiring() {
    Instant end = T0.plusSeconds(30);
    store
        .intake()
        .append(
            List.of(
                firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT),
                signal(
                    Source.ALERTMANAGER,
                    "g1",
                    "a2",
                    SignalStatus.FIRING,
                    T0,
                    null,
                    CHECKOUT,
                    Severity.CRITICAL)),
            T0);
    correlateAll();
    assertThat(only().severity()).isEqualTo(Severity.CRITICAL);

    store
        .intake()
        .append(
            List.of(
                resolved(Source.ALERTMANAGER, "g1", "a1", T0, end, CHECKOUT),
                resolved(Source.ALERTMANAGER, "g1", "a2", T0, end, CHECKOUT)),
            end);
    correlateAll();
    // A late duplicate of the first firing, with a new dedup key, must not reopen it.
    var stale =
        new dev.firebreak.analysis.model.Signal(
            Source.ALERTMANAGER,
            "late-copy",
            "g1",
            "a1",
            SignalStatus.FIRING,
            "firing",
            Severity.WARNING,
            "",
            CHECKOUT,
            Map.of(),
            Map.of(),
            T0,
            null,
            0);
    store.intake().append(List.of(stale), end.plusSeconds(5));
    correlateAll();
    assertThat(only().status()).isEqualTo(IncidentStatus.RESOLVED);
  }

  @Test
  void correlate_recordsTruncatedAlertsInTimeline() {
    var signal =
        new dev.firebreak.analysis.model.Signal(
            Source.ALERTMANAGER,
            "k",
            "g",
            "a",
            SignalStatus.FIRING,
            "firing",
            Severity.HIGH,
            "s",
            CHECKOUT,
            Map.of(),
            Map.of(),
            T0,
            null,
            2);
    store.intake().append(List.of(signal), T0);
    correlateAll();
    assertThat(store.incidents().detail(only().id()).orElseThrow().timeline())
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(TimelineKind.TRUNCATED);
              assertThat(e.message()).contains("2 alerts");
            });
  }

  @Test
  void update_acknowledgesAndResolvesByHand() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    correlateAll();
    long id = only().id();
    Instant at = T0.plusSeconds(10);
    store.incidents().update(id, i -> ManualTransitions.acknowledge(i, at, "alice", "looking"));
    assertThat(only().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(only().acknowledgedAt()).isEqualTo(at);
    assertThatThrownBy(
            () ->
                store
                    .incidents()
                    .update(id, i -> ManualTransitions.acknowledge(i, at, "bob", null)))
        .isInstanceOf(IllegalTransitionException.class);
    store
        .incidents()
        .update(id, i -> ManualTransitions.resolve(i, at.plusSeconds(5), "alice", null));
    assertThat(only().status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(store.incidents().update(999_999, i -> ManualTransitions.resolve(i, at, null, null)))
        .isEmpty();
    assertThat(store.incidents().detail(id).orElseThrow().timeline())
        .extracting(e -> e.message())
        .contains("acknowledged by alice: looking");
  }

  @Test
  void incidents_filtersAndPages() {
    for (int i = 0; i < 5; i++) {
      Instant at = T0.plus(Duration.ofHours(i));
      store
          .intake()
          .append(
              List.of(
                  signal(
                      Source.ALERTMANAGER,
                      "g" + i,
                      "a" + i,
                      SignalStatus.FIRING,
                      at,
                      null,
                      Map.of("service", i % 2 == 0 ? "checkout" : "payments"),
                      i == 4 ? Severity.CRITICAL : Severity.WARNING)),
              at);
    }
    correlateAll();
    Page<Incident> first = store.incidents().list(IncidentQuery.all(2));
    assertThat(first.items()).hasSize(2);
    assertThat(first.nextCursor()).isNotNull();
    Page<Incident> second =
        store
            .incidents()
            .list(new IncidentQuery(null, null, null, null, null, null, first.nextCursor(), 2));
    Page<Incident> third =
        store
            .incidents()
            .list(new IncidentQuery(null, null, null, null, null, null, second.nextCursor(), 2));
    assertThat(third.items()).hasSize(1);
    assertThat(third.nextCursor()).isNull();
    assertThat(
            store
                .incidents()
                .list(new IncidentQuery(null, null, "checkout", null, null, null, null, 10))
                .items())
        .hasSize(3);
    assertThat(
            store
                .incidents()
                .list(new IncidentQuery(null, Severity.CRITICAL, null, null, null, null, null, 10))
                .items())
        .hasSize(1);
    assertThat(
            store
                .incidents()
                .list(
                    new IncidentQuery(
                        IncidentStatus.RESOLVED, null, null, null, null, null, null, 10))
                .items())
        .isEmpty();
    assertThat(
            store
                .incidents()
                .list(
                    new IncidentQuery(
                        null,
                        null,
                        null,
                        null,
                        T0.plusSeconds(3600),
                        T0.plusSeconds(3 * 3600),
                        null,
                        10))
                .items())
        .hasSize(2);
    assertThat(store.incidents().activeCount()).isEqualTo(5);
  }
}
