package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several senders post Alertmanager webhooks while the gateway process is killed with SIGKILL
 * at random moments and restarted, in the middle of intake, correlation and investigations
 * (evidence from a Prometheus API on WireMock). Like Alertmanager, a sender re-sends a
 * notification until it gets a 2xx. Afterwards every acknowledged alert is stored exactly once,
 * every group has exactly one incident, every incident exactly one "opened" event, and every
 * incident its first investigation run — those a kill interrupted finished by a later process
 * once their lease ended — with no run stored twice and no work dead.
 */
@Tag("e2e")
class CrashSafetyIT {

  private static final int SENDERS = 4;
  private static final int KILLS = 5;

  @TempDir Path directory;

  @Test
  void sigkill_losesNothingAcknowledgedAndDuplicatesNothing() throws Exception {
    int port = Repository.freePort();
    String databaseUrl = "jdbc:sqlite:" + directory.resolve("firebreak.db");
    WireMockServer prometheus = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    prometheus.start();
    PrometheusApiStub.answerOneSeries(prometheus);
    // A short evidence timeout keeps the investigation lease (twice it plus 30 s) short, so the
    // runs a kill interrupted are taken over within the test's wait.
    Map<String, String> settings =
        Map.of(
            "FIREBREAK_DATABASE_URL", databaseUrl,
            "FIREBREAK_PROMETHEUS_URL", prometheus.baseUrl(),
            "FIREBREAK_EVIDENCE_TIMEOUT", "2s",
            "FIREBREAK_MEMORY", "off",
            "FIREBREAK_POSTMORTEM_DIR", "");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> groups = ConcurrentHashMap.newKeySet();
    AtomicInteger refusedOrFailed = new AtomicInteger();
    AtomicBoolean sending = new AtomicBoolean(true);
    Random random = new Random(42);

    ManagedProcess gateway = GatewayProcess.start(directory, port, settings, "gateway-0");
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      senders.submit(
          () -> {
            for (int n = 0; sending.get(); n++) {
              String group = "crash-" + sender + "-" + n;
              String startsAt = Instant.now().toString();
              String body =
                  Notifications.groupOfTwo("Crash", group, startsAt, Map.of("group", group));
              refusedOrFailed.addAndGet(Notifications.sendUntilAccepted(http, port, body));
              acknowledged.add(group + "/a|" + startsAt);
              acknowledged.add(group + "/b|" + startsAt);
              groups.add(group);
            }
            return null;
          });
    }

    long interrupted = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      Thread.sleep(400 + random.nextInt(1200));
      gateway.kill();
      try (Connection connection = DriverManager.getConnection(databaseUrl);
          Statement statement = connection.createStatement()) {
        interrupted += StoredInvestigations.leased(statement, Instant.now());
      }
      gateway = GatewayProcess.start(directory, port, settings, "gateway-" + kill);
    }
    Thread.sleep(1000);
    sending.set(false);
    senders.shutdown();
    assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    awaitCorrelated(databaseUrl, gateway);
    ManagedProcess last = gateway;
    try (Connection connection = DriverManager.getConnection(databaseUrl);
        Statement statement = connection.createStatement()) {
      Await.until(
          "every incident investigated\n" + last.logText(),
          Duration.ofSeconds(120),
          () -> {
            try {
              return StoredInvestigations.uninvestigated(statement) == 0;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    }
    gateway.close();
    prometheus.stop();

    assertThat(acknowledged).hasSizeGreaterThan(100);
    assertThat(refusedOrFailed.get()).as("the kills must have hit requests").isPositive();
    assertThat(interrupted).as("the kills must have hit investigations").isPositive();
    Set<String> stored = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(databaseUrl);
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery("SELECT group_key, dedup_key, status FROM" + " signals")) {
        while (rows.next()) {
          String dedup = rows.getString("dedup_key");
          String alert = dedup.substring(0, dedup.indexOf('|'));
          String startsAt = dedup.substring(dedup.indexOf('|') + 1, dedup.lastIndexOf('|'));
          assertThat(stored.add(alert + "|" + startsAt)).as("stored once: " + dedup).isTrue();
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT group_key, COUNT(DISTINCT"
                  + " incident_id) AS n FROM incident_groups GROUP BY group_key HAVING COUNT(DISTINCT"
                  + " incident_id) > 1")) {
        assertThat(rows.next()).as("a group with more than one incident").isFalse();
      }
      try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM incidents")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(stored.size() / 2);
      }
      // Events were written in the transactions of their changes, so the kills left each
      // incident exactly one "opened" event and one event per timeline entry (investigation
      // runs and diagnoses are events without a timeline entry, checked below).
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT i.id, (SELECT COUNT(*) FROM"
                  + " incident_events e WHERE e.incident_id = i.id AND e.kind = 'opened') AS opened,"
                  + " (SELECT COUNT(*) FROM incident_events e WHERE e.incident_id = i.id"
                  + " AND e.kind NOT IN ('investigated', 'diagnosed')) AS events,"
                  + " (SELECT COUNT(*) FROM timeline t WHERE t.incident_id = i.id) AS entries"
                  + " FROM incidents i")) {
        while (rows.next()) {
          assertThat(rows.getLong("opened"))
              .as("opened events of incident " + rows.getLong(1))
              .isEqualTo(1);
          assertThat(rows.getLong("events"))
              .as("events of incident " + rows.getLong(1))
              .isEqualTo(rows.getLong("entries"));
        }
      }
    }
    try (Connection connection = DriverManager.getConnection(databaseUrl);
        Statement statement = connection.createStatement()) {
      StoredInvestigations.assertInvestigatedOnce(statement);
    }
    // Everything acknowledged is there; anything more was committed just before a kill and
    // then re-sent by its sender, and is acknowledged too by now.
    assertThat(stored).containsAll(acknowledged);
    assertThat(stored).hasSameSizeAs(acknowledged);
    System.out.printf(
        "crash safety: %d alerts in %d groups acknowledged across %d kills,"
            + " %d requests refused or cut off, %d investigations interrupted; all stored once,"
            + " every incident investigated once%n",
        acknowledged.size(), groups.size(), KILLS, refusedOrFailed.get(), interrupted);
  }

  private static void awaitCorrelated(String databaseUrl, ManagedProcess gateway) throws Exception {
    JdbcIncidentStore reader = JdbcIncidentStore.open(databaseUrl, 1);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (reader.incidents().pendingSignalCount() > 0) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("correlation did not finish:\n" + gateway.logText());
        }
        Thread.sleep(100);
      }
    } finally {
      reader.close();
    }
  }
}
