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
import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.EvidenceKind;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.RecordedExchange;
import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.model.Verification;
import dev.firebreak.analysis.port.IncidentEvents;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.InvestigationClaim;
import dev.firebreak.analysis.port.NextInvestigation;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.Page;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.StoredEvidence;
import dev.firebreak.analysis.port.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every incident store must have; one subclass per database. */
abstract class IncidentStoreContract {

  private static final Map<String, String> CHECKOUT =
      Map.of("service", "checkout", "cluster", "prod");

  JdbcIncidentStore store;
  final Correlator correlator =
      new Correlator(
          new CorrelationSettings(
              Duration.ofMinutes(15),
              Duration.ofMinutes(30),
              CorrelationSettings.DEFAULT_LABEL_KEYS));

  /** A store on a fresh, empty database. */
  abstract JdbcIncidentStore newStore() throws Exception;

  /** The same database opened again, as after a restart. */
  abstract JdbcIncidentStore reopen() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void correlateAll() {
    while (store.incidents().correlatePending(100, correlator) > 0) {
      // drain
    }
  }

  private Incident only() {
    List<Incident> items = store.incidents().list(IncidentQuery.all(10)).items();
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  @Test
  void check_reportsHealthy() {
    assertThat(store.check().ok()).isTrue();
  }

  @Test
  void append_ignoresRedeliveredSignal() {
    var signal = firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT);
    assertThat(store.intake().append(List.of(signal), T0)).containsExactly(true);
    assertThat(store.intake().append(List.of(signal, signal), T0)).containsExactly(false, false);
    assertThat(store.incidents().pendingSignalCount()).isEqualTo(1);
  }

  @Test
  void append_survivesReopen() throws Exception {
    store.intake().append(List.of(firing(Source.DATADOG, "c1", "m1", T0, CHECKOUT)), T0);
    store.close();
    store = reopen();
    assertThat(store.incidents().pendingSignalCount()).isEqualTo(1);
    correlateAll();
    Incident incident = only();
    IncidentDetail detail = store.incidents().detail(incident.id()).orElseThrow();
    assertThat(detail.signals())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signal().startsAt()).isEqualTo(T0);
              assertThat(s.signal().labels()).containsEntry("service", "checkout");
              assertThat(s.signal().links()).containsEntry("generatorURL", "http://prom/graph");
            });
  }

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

  @Test
  void recordRejected_keepsOneRowAndCountsRepeats() {
    var rejected = new RejectedDelivery(Source.ALERTMANAGER, "ab12", 400, "bad version", T0);
    store.intake().recordRejected(rejected);
    store.intake().recordRejected(rejected);
    store.intake().recordRejected(rejected);
    assertThat(store.intake().rejectedRepeats(Source.ALERTMANAGER, "ab12")).contains(2L);
    assertThat(store.intake().rejectedRepeats(Source.DATADOG, "ab12")).isEmpty();
  }

  // ---- investigation queue ---------------------------------------------------------------

  private final Correlator investigating =
      new Correlator(
          new CorrelationSettings(
              Duration.ofMinutes(15),
              Duration.ofMinutes(30),
              CorrelationSettings.DEFAULT_LABEL_KEYS),
          true);
  private static final Duration LEASE = Duration.ofMinutes(1);

  private long openInvestigatedIncident() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    while (store.incidents().correlatePending(100, investigating) > 0) {
      // drain
    }
    return only().id();
  }

  private static StoredEvidence evidence(long incidentId, int run, Instant at) {
    MetricSeries series =
        new MetricSeries(
            "metric:1",
            "alert",
            "up",
            "up",
            Map.of("job", "checkout"),
            List.of(new Sample(at.minusSeconds(60), 1.0), new Sample(at, Double.NaN)));
    Evidence evidence =
        new Evidence(
            incidentId,
            run,
            at,
            new TimeWindow(at.minusSeconds(1800), at),
            List.of(
                new SourceReport(
                    "prometheus",
                    EvidenceKind.METRICS,
                    List.of("up"),
                    at,
                    12,
                    SourceOutcome.OK,
                    "",
                    1)),
            List.of(series),
            List.of(),
            List.of());
    return new StoredEvidence(
        evidence,
        List.of(
            new RecordedExchange(
                "prometheus",
                "GET",
                "api/v1/query_range?query=up",
                "",
                200,
                "application/json",
                "{\"status\":\"success\"}",
                "")));
  }

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

  // ---- notification outbox --------------------------------------------------------------

  private long openIncident() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    correlateAll();
    return only().id();
  }

  private static Outbox.Draft draft(
      Notification.Channel channel,
      Notification.Action action,
      Instant due,
      boolean unlessHandled) {
    return new Outbox.Draft(
        channel,
        channel == Notification.Channel.PAGERDUTY ? "default" : "C0INCIDENTS",
        action,
        action.wireName() + " text",
        due,
        unlessHandled);
  }

  private static Remediations.NewAction scaleAction(boolean dryRun) {
    return new Remediations.NewAction(
        "scale-up",
        0,
        ActionKind.SCALE,
        "shop/checkout",
        "checkout",
        RootCause.TRAFFIC_SURGE,
        Risk.LOW,
        Map.of("step", "1"),
        dryRun,
        List.of("carol"),
        Optional.of(
            new Verification(
                "rate(errors[5m])",
                Optional.of(">"),
                0.05,
                Map.of("service", "checkout"),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                3,
                0,
                0,
                4,
                Measurement.Phase.INCONCLUSIVE)));
  }

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

  @Test
  void outbox_recordsADecisionOnce_withItsTimelineEntryAndDeliveryWork() {
    long id = openIncident();
    Outbox.Decision decision =
        new Outbox.Decision(
            id,
            100,
            List.of(
                draft(Notification.Channel.SLACK, Notification.Action.POST, T0, false),
                draft(Notification.Channel.PAGERDUTY, Notification.Action.TRIGGER, T0, false)),
            List.of(
                new TimelineEntry(T0, TimelineKind.ESCALATED, "paging PagerDuty (default)", null)),
            false);
    assertThat(store.outbox().record(decision)).isTrue();
    assertThat(store.outbox().record(decision)).as("a replayed decision").isFalse();
    assertThat(store.outbox().of(id))
        .extracting(
            n -> n.channel().wireName() + ":" + n.action().wireName() + ":" + n.state().wireName())
        .containsExactly("slack:post:pending", "pagerduty:trigger:pending");
    assertThat(
            store.incidents().detail(id).orElseThrow().timeline().stream()
                .filter(entry -> entry.kind() == TimelineKind.ESCALATED))
        .hasSize(1);
    assertThat(store.events().eventsOf(id))
        .extracting(event -> event.kind().wireName())
        .contains("escalated");
    assertThat(store.work().dueCount(Outbox.WORK_KIND, T0)).isEqualTo(2);
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.OPEN);
    assertThat(store.outbox().pageState(id, "other")).isEqualTo(Outbox.PageState.NONE);
  }

  @Test
  void outbox_settlesUnderTheLease_inOrder_andHandsTheWorkBack() {
    long id = openIncident();
    store
        .outbox()
        .record(
            new Outbox.Decision(
                id,
                100,
                List.of(
                    draft(Notification.Channel.PAGERDUTY, Notification.Action.TRIGGER, T0, false)),
                List.of(),
                false));
    store
        .outbox()
        .record(
            new Outbox.Decision(
                id,
                101,
                List.of(
                    draft(Notification.Channel.PAGERDUTY, Notification.Action.RESOLVE, T0, false)),
                List.of(),
                false));
    WorkQueue.WorkClaim claim =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0, LEASE).orElseThrow();
    assertThat(claim.subject()).isEqualTo(id + "/pagerduty/default");
    List<Notification> open = store.outbox().open(claim.subject(), 10);
    assertThat(open)
        .extracting(Notification::action)
        .containsExactly(Notification.Action.TRIGGER, Notification.Action.RESOLVE);
    Outbox.Settlement failed =
        new Outbox.Settlement(
            Notification.State.FAILED, "503", null, Optional.empty(), Optional.empty());
    assertThat(store.outbox().settle(claim, open.get(0).id(), failed, T0.plusSeconds(30))).isTrue();
    assertThat(store.outbox().settle(claim, open.get(0).id(), failed, T0))
        .as("the lease was handed back")
        .isFalse();
    assertThat(store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(29), LEASE)).isEmpty();
    WorkQueue.WorkClaim again =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(30), LEASE).orElseThrow();
    Notification retried = store.outbox().open(again.subject(), 10).get(0);
    assertThat(retried.state()).isEqualTo(Notification.State.FAILED);
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.lastError()).isEqualTo("503");
    Outbox.Settlement sent =
        new Outbox.Settlement(
            Notification.State.SENT,
            null,
            "{\"status\":\"success\"}",
            Optional.empty(),
            Optional.empty());
    assertThat(store.outbox().settle(again, retried.id(), sent, T0.plusSeconds(31))).isTrue();
    WorkQueue.WorkClaim third =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(31), LEASE).orElseThrow();
    Notification resolve = store.outbox().open(third.subject(), 10).get(0);
    assertThat(resolve.action()).isEqualTo(Notification.Action.RESOLVE);
    assertThat(store.outbox().settle(third, resolve.id(), sent, T0.plusSeconds(32))).isTrue();
    assertThat(store.work().item(Outbox.WORK_KIND, third.subject()).orElseThrow().state())
        .isEqualTo("done");
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.NONE);
    assertThat(store.outbox().find(retried.id()).orElseThrow().sentAt()).isNotNull();
    assertThat(
            store
                .outbox()
                .counts()
                .get(Notification.Channel.PAGERDUTY)
                .get(Notification.State.SENT))
        .isEqualTo(2);
  }

  @Test
  void outbox_scheduledPagesAreCancelledByTheirIncidentsHandling_andGaveUpCanBeResent()
      throws Exception {
    long id = openIncident();
    store
        .outbox()
        .record(
            new Outbox.Decision(
                id,
                100,
                List.of(
                    draft(
                        Notification.Channel.PAGERDUTY,
                        Notification.Action.TRIGGER,
                        T0.plusSeconds(300),
                        true),
                    draft(Notification.Channel.SLACK, Notification.Action.POST, T0, false)),
                List.of(),
                false));
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.SCHEDULED);
    store.outbox().record(new Outbox.Decision(id, 101, List.of(), List.of(), true));
    assertThat(store.outbox().pageState(id, "default")).isEqualTo(Outbox.PageState.NONE);
    assertThat(store.outbox().of(id).get(0).state()).isEqualTo(Notification.State.CANCELLED);

    WorkQueue.WorkClaim claim =
        store.work().claim(Set.of(Outbox.WORK_KIND), T0, LEASE).orElseThrow();
    assertThat(claim.subject()).isEqualTo(id + "/slack/C0INCIDENTS");
    Notification post = store.outbox().open(claim.subject(), 10).get(0);
    store
        .outbox()
        .settle(
            claim,
            post.id(),
            new Outbox.Settlement(
                Notification.State.GAVE_UP,
                "chat.postMessage: channel_not_found",
                null,
                Optional.of(new Outbox.SlackMessage("C0INCIDENTS", "1767259200.000100")),
                Optional.of(
                    new TimelineEntry(T0, TimelineKind.NOTIFICATION, "slack post gave up", null))),
            T0);
    assertThat(store.outbox().slackMessage(id, "C0INCIDENTS"))
        .contains(new Outbox.SlackMessage("C0INCIDENTS", "1767259200.000100"));
    assertThat(store.incidents().detail(id).orElseThrow().timeline())
        .extracting(entry -> entry.kind())
        .contains(TimelineKind.NOTIFICATION);
    assertThat(store.outbox().resend(post.id(), T0.plusSeconds(5))).isTrue();
    assertThat(store.outbox().resend(post.id(), T0.plusSeconds(5))).isFalse();
    store.close();
    store = reopen();
    Notification again = store.outbox().find(post.id()).orElseThrow();
    assertThat(again.state()).isEqualTo(Notification.State.PENDING);
    assertThat(again.attempts()).isZero();
    assertThat(store.work().claim(Set.of(Outbox.WORK_KIND), T0.plusSeconds(5), LEASE)).isPresent();
  }

  // ---- work queue ------------------------------------------------------------------------

  @Test
  void work_isClaimedOnceByKindAndDueTimeAndCompleted() {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "incident-1", T0.plusSeconds(10), "{\"channel\":\"ops\"}", 3);
    queue.enqueue("remediate", "incident-1/step-1", T0, "{}", 3);
    assertThat(queue.claim(Set.of("notify"), T0, LEASE)).isEmpty();
    assertThat(queue.dueCount("notify", T0.plusSeconds(10))).isEqualTo(1);
    WorkQueue.WorkClaim claim =
        queue.claim(Set.of("notify", "other"), T0.plusSeconds(10), LEASE).orElseThrow();
    assertThat(claim.subject()).isEqualTo("incident-1");
    assertThat(claim.payload()).isEqualTo("{\"channel\":\"ops\"}");
    assertThat(claim.attempt()).isEqualTo(1);
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(11), LEASE)).isEmpty();
    assertThat(queue.complete(claim)).isTrue();
    assertThat(queue.item("notify", "incident-1").orElseThrow().state()).isEqualTo("done");
    // Asked for again after it was done: pending again, attempts from zero.
    queue.enqueue("notify", "incident-1", T0.plusSeconds(20), "{}", 3);
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(20), LEASE).orElseThrow().attempt())
        .isEqualTo(1);
  }

  @Test
  void work_anExpiredLeaseIsTakenOverAndTheOldClaimCannotFinish() {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "s", T0, "{}", 5);
    WorkQueue.WorkClaim crashed = queue.claim(Set.of("notify"), T0, LEASE).orElseThrow();
    assertThat(queue.claim(Set.of("notify"), T0.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();
    WorkQueue.WorkClaim takeover =
        queue.claim(Set.of("notify"), T0.plus(LEASE).plusSeconds(1), LEASE).orElseThrow();
    assertThat(takeover.attempt()).isEqualTo(2);
    assertThat(queue.complete(crashed)).isFalse();
    assertThat(queue.fail(crashed, T0, "late")).isFalse();
    assertThat(queue.complete(takeover)).isTrue();
  }

  @Test
  void work_failuresRetryWithBackoffThenGoDeadAndShow() {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "s", T0, "{}", 2);
    WorkQueue.WorkClaim first = queue.claim(Set.of("notify"), T0, LEASE).orElseThrow();
    assertThat(queue.fail(first, T0.plusSeconds(30), "503 from Slack")).isTrue();
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(29), LEASE)).isEmpty();
    WorkQueue.WorkClaim second =
        queue.claim(Set.of("notify"), T0.plusSeconds(30), LEASE).orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(queue.fail(second, T0.plusSeconds(90), "503 again")).isTrue();
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(3600), LEASE)).isEmpty();
    assertThat(queue.dead("notify", 10))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.subject()).isEqualTo("s");
              assertThat(item.attempts()).isEqualTo(2);
              assertThat(item.lastError()).isEqualTo("503 again");
            });
    // Enqueued again by a person or a later event: it lives again.
    queue.enqueue("notify", "s", T0.plusSeconds(4000), "{}", 2);
    assertThat(queue.dead("notify", 10)).isEmpty();
    assertThat(queue.item("notify", "s").orElseThrow().lastError()).isNull();
  }

  @Test
  void work_enqueueingAPendingItemKeepsItsEarlierDueTimeAndAttempts() throws Exception {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "s", T0, "{\"v\":1}", 5);
    WorkQueue.WorkClaim first = queue.claim(Set.of("notify"), T0, LEASE).orElseThrow();
    queue.fail(first, T0.plusSeconds(60), "timeout");
    queue.enqueue("notify", "s", T0.plusSeconds(600), "{\"v\":2}", 5);
    store.close();
    store = reopen();
    WorkQueue.WorkClaim again =
        store.work().claim(Set.of("notify"), T0.plusSeconds(60), LEASE).orElseThrow();
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.payload()).isEqualTo("{\"v\":2}");
  }

  // ---- incident events -------------------------------------------------------------------

  private List<String> eventsOf(long incidentId) {
    return store.events().eventsOf(incidentId).stream()
        .map(event -> event.kind().wireName())
        .toList();
  }

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
