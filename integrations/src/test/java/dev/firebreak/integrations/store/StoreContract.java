package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static dev.firebreak.integrations.store.TestSignals.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.correlate.CorrelationSettings;
import dev.firebreak.analysis.correlate.Correlator;
import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.EvidenceKind;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.RecordedExchange;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.Verification;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.StoredEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every role's contract shares: a store on a fresh database, opened again as after a
 * restart, and the fixtures the roles' cases build on. Each database runs every role's suite as
 * a nested class ({@link SqliteIncidentStoreTest}, {@link PostgresIncidentStoreIT}).
 */
abstract class StoreContract {

  static final Map<String, String> CHECKOUT = Map.of("service", "checkout", "cluster", "prod");

  JdbcIncidentStore store;
  final Correlator correlator =
      new Correlator(
          new CorrelationSettings(
              Duration.ofMinutes(15),
              Duration.ofMinutes(30),
              CorrelationSettings.DEFAULT_LABEL_KEYS));

  /** The database this suite runs on. */
  abstract TestDatabase database();

  /** The same database opened again, as after a restart. */
  JdbcIncidentStore reopen() throws Exception {
    return database().reopen();
  }

  @BeforeEach
  void open() throws Exception {
    store = database().create();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  void correlateAll() {
    while (store.incidents().correlatePending(100, correlator) > 0) {
      // drain
    }
  }

  Incident only() {
    List<Incident> items = store.incidents().list(IncidentQuery.all(10)).items();
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  final Correlator investigating =
      new Correlator(
          new CorrelationSettings(
              Duration.ofMinutes(15),
              Duration.ofMinutes(30),
              CorrelationSettings.DEFAULT_LABEL_KEYS),
          true);
  static final Duration LEASE = Duration.ofMinutes(1);

  long openInvestigatedIncident() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    while (store.incidents().correlatePending(100, investigating) > 0) {
      // drain
    }
    return only().id();
  }

  static StoredEvidence evidence(long incidentId, int run, Instant at) {
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

  long openIncident() {
    store.intake().append(List.of(firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT)), T0);
    correlateAll();
    return only().id();
  }

  static Outbox.Draft draft(
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

  static Remediations.NewAction scaleAction(boolean dryRun) {
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

  List<String> eventsOf(long incidentId) {
    return store.events().eventsOf(incidentId).stream()
        .map(event -> event.kind().wireName())
        .toList();
  }
}
