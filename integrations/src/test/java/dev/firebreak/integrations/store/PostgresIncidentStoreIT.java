package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.correlate.CorrelationSettings;
import dev.firebreak.analysis.correlate.Correlator;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.StoreRejectedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every role's contract on a real PostgreSQL ({@code FIREBREAK_TEST_POSTGRES_URL}, by default
 * the local server on 127.0.0.1:5432), and what only several gateways on one database can show.
 * Each test gets its own schema. Fails, never skips, when the server is missing: CI must run it.
 */
class PostgresIncidentStoreIT {

  static final String BASE_URL =
      System.getenv()
          .getOrDefault(
              "FIREBREAK_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");

  private String schema;

  /** The store of this class's own cases; the nested suites have theirs. */
  private JdbcIncidentStore store;

  private final Correlator correlator =
      new Correlator(
          new CorrelationSettings(
              Duration.ofMinutes(15),
              Duration.ofMinutes(30),
              CorrelationSettings.DEFAULT_LABEL_KEYS));

  JdbcIncidentStore newStore() throws Exception {
    schema = "fb_contract_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    execute("CREATE SCHEMA " + schema);
    return reopen();
  }

  JdbcIncidentStore reopen() {
    return JdbcIncidentStore.open(BASE_URL + "&currentSchema=" + schema, 4);
  }

  final TestDatabase postgres =
      new TestDatabase() {
        @Override
        public JdbcIncidentStore create() throws Exception {
          return newStore();
        }

        @Override
        public JdbcIncidentStore reopen() {
          return PostgresIncidentStoreIT.this.reopen();
        }
      };

  @Nested
  class IntakeLog extends IntakeLogContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class Incidents extends IncidentsContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class Investigations extends InvestigationsContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class IncidentEvents extends IncidentEventsContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class WorkQueue extends WorkQueueContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class Outbox extends OutboxContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class Remediations extends RemediationsContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class Memory extends MemoryContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class Postmortems extends PostmortemsContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @Nested
  class Feedback extends FeedbackContract {
    @Override
    TestDatabase database() {
      return postgres;
    }
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (store != null) {
      store.close();
    }
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /**
   * The second line behind the gateway's edge checks: PostgreSQL refuses NUL in text, and the
   * store says the content was refused rather than that it is unavailable, so intake sets the
   * submission apart instead of failing its whole group commit with 503.
   */
  @Test
  void append_textWithNul_isRefusedAsContentNotAsUnavailable() throws Exception {
    try (JdbcIncidentStore store = newStore()) {
      Signal clean =
          TestSignals.firing(
              Source.ALERTMANAGER, "g", "clean", Instant.parse("2026-11-21T10:00:00Z"), Map.of());
      Signal template =
          TestSignals.firing(
              Source.ALERTMANAGER, "g", "nul", Instant.parse("2026-11-21T10:00:00Z"), Map.of());
      Signal nul =
          new Signal(
              template.source(),
              template.dedupKey(),
              template.groupKey(),
              template.alertKey(),
              template.status(),
              template.event(),
              template.severity(),
              "a title with \u0000 in it",
              template.labels(),
              template.annotations(),
              template.links(),
              template.startsAt(),
              null,
              0);
      assertThatThrownBy(() -> store.intake().append(List.of(clean, nul), Instant.now()))
          .isInstanceOf(StoreRejectedException.class);
      assertThat(store.intake().append(List.of(clean), Instant.now())).containsExactly(true);
      assertThat(store.check().ok()).isTrue();
    }
  }

  /**
   * Two gateways run the same consumer on one PostgreSQL while a third correlates: every event
   * is handled exactly once, in order.
   */
  @Test
  void events_twoGatewaysConsumingOneStreamHandleEachEventOnce() throws Exception {
    store = newStore();
    int groups = 300;
    List<Long> handled = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean producing = new AtomicBoolean(true);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try (JdbcIncidentStore first = reopen();
        JdbcIncidentStore second = reopen()) {
      Future<?> producer =
          threads.submit(
              () -> {
                for (int i = 0; i < groups; i += 10) {
                  List<Signal> batch = new ArrayList<>();
                  for (int j = i; j < i + 10; j++) {
                    batch.add(
                        TestSignals.firing(
                            Source.ALERTMANAGER,
                            "g" + j,
                            "a" + j,
                            TestSignals.T0,
                            Map.of("service", "s" + j)));
                  }
                  store.intake().append(batch, Instant.now());
                  while (store.incidents().correlatePending(7, correlator) > 0) {
                    // drain in small batches so consumers interleave
                  }
                }
                producing.set(false);
                return null;
              });
      List<Future<?>> consumers = new ArrayList<>();
      for (JdbcIncidentStore gateway : List.of(first, second)) {
        consumers.add(
            threads.submit(
                () -> {
                  while (producing.get()
                      || gateway.events().position("notify") < gateway.events().latestEventId()) {
                    gateway
                        .events()
                        .consume(
                            "notify",
                            5,
                            batch -> {
                              List<Long> ids = batch.stream().map(IncidentEvent::id).toList();
                              handled.addAll(ids);
                            });
                  }
                  return null;
                }));
      }
      producer.get(60, TimeUnit.SECONDS);
      for (Future<?> consumer : consumers) {
        consumer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(handled).hasSize(groups).doesNotHaveDuplicates().isSorted();
    assertThat(store.events().latestEventId()).isEqualTo(handled.get(handled.size() - 1));
  }

  /**
   * Four claimers on two stores (two gateways' pools) take work while a producer enqueues it:
   * each item is handled once and only while its claimer holds it, a fifth of the items fail
   * once and come back after their backoff, and every item ends done — counted.
   */
  @Test
  void work_concurrentClaimersOnTwoGatewaysHandleEachItemOnce() throws Exception {
    store = newStore();
    int items = 400;
    Map<String, Integer> handled = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Set<String> holding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger overlaps =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger failedOnce =
        new java.util.concurrent.atomic.AtomicInteger();
    AtomicBoolean producing = new AtomicBoolean(true);
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try (JdbcIncidentStore first = reopen();
        JdbcIncidentStore second = reopen()) {
      Future<?> producer =
          threads.submit(
              () -> {
                for (int i = 0; i < items; i++) {
                  store.work().enqueue("load", "item-" + i, Instant.now(), "{}", 3);
                }
                producing.set(false);
                return null;
              });
      List<Future<?>> claimers = new ArrayList<>();
      for (JdbcIncidentStore gateway : List.of(first, second, first, second)) {
        claimers.add(
            threads.submit(
                () -> {
                  while (producing.get()
                      || gateway.work().dueCount("load", Instant.now()) > 0
                      || handled.values().stream().mapToInt(Integer::intValue).sum() < items) {
                    var claim =
                        gateway
                            .work()
                            .claim(
                                java.util.Set.of("load"),
                                Instant.now(),
                                java.time.Duration.ofSeconds(30));
                    if (claim.isEmpty()) {
                      if (!producing.get()
                          && handled.values().stream().mapToInt(Integer::intValue).sum() >= items) {
                        return null;
                      }
                      continue;
                    }
                    String subject = claim.get().subject();
                    if (!holding.add(subject)) {
                      overlaps.incrementAndGet();
                    }
                    // The mark is cleared before the store lets the item go: a failed item is
                    // due again at once, and another claimer may take it before this thread
                    // would reach a finally block — that is a hand-over, not an overlap.
                    if (claim.get().attempt() == 1 && subject.hashCode() % 5 == 0) {
                      // Every fifth item fails its first attempt and is retried at once.
                      failedOnce.incrementAndGet();
                      holding.remove(subject);
                      assertThat(gateway.work().fail(claim.get(), Instant.now(), "flaky")).isTrue();
                      continue;
                    }
                    handled.merge(subject, 1, Integer::sum);
                    holding.remove(subject);
                    assertThat(gateway.work().complete(claim.get())).isTrue();
                  }
                  return null;
                }));
      }
      producer.get(60, TimeUnit.SECONDS);
      for (Future<?> claimer : claimers) {
        claimer.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(overlaps.get()).as("items held by two claimers at once").isZero();
    assertThat(handled).hasSize(items);
    assertThat(handled.values()).as("times each item was handled").containsOnly(1);
    assertThat(failedOnce.get()).as("items that failed once and came back").isPositive();
    assertThat(store.work().dueCount("load", Instant.now())).isZero();
    assertThat(store.work().deadCount("load")).isZero();
    assertThat(store.work().item("load", "item-0").orElseThrow().state()).isEqualTo("done");
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(BASE_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
