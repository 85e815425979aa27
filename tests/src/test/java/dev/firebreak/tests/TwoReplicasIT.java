package dev.firebreak.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
 * Two gateways behind one address ({@link RoundRobinProxy}) on one PostgreSQL, under load from
 * senders that re-send until acknowledged as Alertmanager does, while one replica after the
 * other is SIGKILLed and restarted. Afterwards: every acknowledged alert is stored once, each
 * group has one incident with one {@code opened} event, every incident was investigated and
 * diagnosed with no run stored twice and no work left dead, and no event decided twice: each
 * incident paged once from its opening, under one dedup key (a message re-sent after a kill
 * carries the same key, so PagerDuty folds it into the same alert).
 */
@Tag("e2e")
class TwoReplicasIT {

  private static final String PG_URL =
      System.getenv()
          .getOrDefault(
              "FIREBREAK_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SENDERS = 4;
  private static final int KILLS = 4;
  private static final int MAX_GROUPS = 600;

  @TempDir Path directory;

  @Test
  void killingEitherReplicaLosesNothingAndDoesNothingTwice() throws Exception {
    String schema = "replicas_" + Long.toHexString(System.nanoTime());
    execute("CREATE SCHEMA " + schema);
    String url = PG_URL + "&currentSchema=" + schema;
    WireMockServer vendors = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    vendors.start();
    ManagedProcess[] replicas = new ManagedProcess[2];
    try {
      stubVendors(vendors);
      Map<String, String> settings = new HashMap<>();
      settings.put("FIREBREAK_DATABASE_URL", url);
      settings.put("FIREBREAK_MEMORY", "off");
      settings.put("FIREBREAK_POSTMORTEM_DIR", "");
      settings.put("FIREBREAK_PROMETHEUS_URL", vendors.baseUrl());
      settings.put("FIREBREAK_PAGERDUTY_ROUTING_KEY", "0123456789abcdef0123456789abcdef");
      settings.put("FIREBREAK_PAGERDUTY_EVENTS_URL", vendors.baseUrl() + "/v2/enqueue");
      int[] ports = {Repository.freePort(), Repository.freePort()};
      for (int i = 0; i < 2; i++) {
        Files.createDirectories(directory.resolve("replica-" + i));
        replicas[i] = start(i, 0, ports, settings);
      }
      try (RoundRobinProxy proxy = new RoundRobinProxy(List.of(ports[0], ports[1]))) {
        Load load = new Load(proxy.port());
        Random random = new Random(7);
        for (int kill = 1; kill <= KILLS; kill++) {
          ManagedProcess.sleep(500 + random.nextInt(1000)); // load runs meanwhile
          int victim = kill % 2;
          replicas[victim].kill();
          replicas[victim] = start(victim, kill, ports, settings);
        }
        load.stop();
        assertThat(load.acknowledged).hasSizeGreaterThan(100);
        assertThat(load.retried.get()).as("the kills must have hit requests").isPositive();

        try (Connection db = DriverManager.getConnection(url);
            Statement sql = db.createStatement()) {
          Await.until(
              "every incident investigated, diagnosed and paged\n" + replicas[0].logText(),
              Duration.ofSeconds(120),
              () -> settled(sql));
          assertStoredOnce(sql, load.acknowledged);
          assertOneIncidentPerGroup(sql, load.groups.size());
          StoredInvestigations.assertInvestigatedOnce(sql);
          assertPagedOnce(sql, vendors);
        }
        System.out.printf(
            "two replicas: %d alerts in %d groups acknowledged through one address across %d"
                + " kills, %d requests cut off and re-sent; each stored once, one incident and one"
                + " first investigation run per group, no event decided twice%n",
            load.acknowledged.size(), load.groups.size(), KILLS, load.retried.get());
      }
    } finally {
      for (ManagedProcess replica : replicas) {
        if (replica != null) {
          replica.close();
        }
      }
      vendors.stop();
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private ManagedProcess start(
      int replica, int generation, int[] ports, Map<String, String> settings) {
    return GatewayProcess.start(
        directory.resolve("replica-" + replica),
        ports[replica],
        settings,
        "replica-" + replica + "-" + generation);
  }

  /** Senders posting new two-alert groups through the proxy, each re-sent until a 202. */
  private static final class Load {
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> groups = ConcurrentHashMap.newKeySet();
    final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);

    Load(int port) {
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        // One client per sender: its connections spread over both replicas through the proxy.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        senders.submit(
            () -> {
              for (int n = 0; sending.get() && started.incrementAndGet() <= MAX_GROUPS; n++) {
                String group = "replica-" + sender + "-" + n;
                String startsAt = Instant.now().toString();
                String body =
                    Notifications.groupOfTwo(
                        "Replica",
                        group,
                        startsAt,
                        Map.of("service", group, "severity", "critical"));
                retried.addAndGet(Notifications.sendUntilAccepted(http, port, body));
                acknowledged.add(group + "/a|" + startsAt);
                acknowledged.add(group + "/b|" + startsAt);
                groups.add(group);
                ManagedProcess.sleep(100); // a steady load through every kill, not a flood
              }
              return null;
            });
      }
    }

    void stop() throws InterruptedException {
      sending.set(false);
      senders.shutdown();
      assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static boolean settled(Statement sql) {
    try {
      return count(sql, "SELECT COUNT(*) FROM signals WHERE correlated = FALSE") == 0
          && count(sql, "SELECT COUNT(*) FROM incidents") > 0
          && count(
                  sql,
                  "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM diagnoses d"
                      + " WHERE d.incident_id = i.id)")
              == 0
          && count(
                  sql,
                  "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM notifications n"
                      + " WHERE n.incident_id = i.id AND n.channel = 'pagerduty' AND n.state ="
                      + " 'sent')")
              == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static void assertStoredOnce(Statement sql, Set<String> acknowledged) throws Exception {
    Set<String> stored = new HashSet<>();
    try (ResultSet rows = sql.executeQuery("SELECT dedup_key FROM signals")) {
      while (rows.next()) {
        String dedup = rows.getString(1);
        String alert = dedup.substring(0, dedup.indexOf('|'));
        String startsAt = dedup.substring(dedup.indexOf('|') + 1, dedup.lastIndexOf('|'));
        assertThat(stored.add(alert + "|" + startsAt)).as("stored once: " + dedup).isTrue();
      }
    }
    assertThat(stored).containsAll(acknowledged).hasSameSizeAs(acknowledged);
  }

  private static void assertOneIncidentPerGroup(Statement sql, int groups) throws Exception {
    assertThat(count(sql, "SELECT COUNT(*) FROM incidents")).isEqualTo(groups);
    assertThat(
            count(
                sql,
                "SELECT COUNT(*) FROM incidents i WHERE (SELECT COUNT(*) FROM incident_events e"
                    + " WHERE e.incident_id = i.id AND e.kind = 'opened') <> 1"))
        .as("incidents without exactly one opened event")
        .isZero();
  }

  /**
   * Each event is decided once ({@code notification_decisions}): no event drafted the same
   * message twice, every incident was paged from its {@code opened} event (the diagnosis then
   * updates that page under the same dedup key), and PagerDuty saw one dedup key per incident.
   * A message sent just before a kill goes again after it — at least once, with its key.
   */
  private static void assertPagedOnce(Statement sql, WireMockServer vendors) throws Exception {
    assertThat(
            count(
                sql,
                "SELECT COUNT(*) FROM (SELECT event_id FROM notifications GROUP BY event_id,"
                    + " channel, action HAVING COUNT(*) > 1) twice"))
        .as("an event that drafted the same message twice")
        .isZero();
    assertThat(
            count(
                sql,
                "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM notifications n"
                    + " JOIN incident_events e ON e.id = n.event_id WHERE n.incident_id = i.id AND"
                    + " e.kind = 'opened' AND n.channel = 'pagerduty' AND n.action = 'trigger')"))
        .as("incidents not paged from their opening")
        .isZero();
    long sent =
        count(
            sql,
            "SELECT COUNT(*) FROM notifications WHERE channel = 'pagerduty' AND action = 'trigger'"
                + " AND state = 'sent'");
    Map<String, Integer> triggers = new HashMap<>();
    for (LoggedRequest request : vendors.findAll(postRequestedFor(urlPathEqualTo("/v2/enqueue")))) {
      JsonNode event = JSON.readTree(request.getBodyAsString());
      if (event.path("event_action").asText().equals("trigger")) {
        triggers.merge(event.path("dedup_key").asText(), 1, Integer::sum);
      }
    }
    assertThat(triggers).hasSize((int) count(sql, "SELECT COUNT(*) FROM incidents"));
    long received = triggers.values().stream().mapToLong(Integer::longValue).sum();
    assertThat(received).as("every sent trigger reached PagerDuty").isGreaterThanOrEqualTo(sent);
    System.out.printf(
        "two replicas: %d triggers sent for %d incidents, %d received (%d re-sent after a kill,"
            + " folded by their dedup key)%n",
        sent, triggers.size(), received, received - sent);
  }

  private static void stubVendors(WireMockServer vendors) {
    PrometheusApiStub.answerOneSeries(vendors);
    vendors.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
  }

  private static long count(Statement sql, String query) throws Exception {
    try (ResultSet rows = sql.executeQuery(query)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static void execute(String statement) throws Exception {
    try (Connection connection = DriverManager.getConnection(PG_URL);
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }
}
