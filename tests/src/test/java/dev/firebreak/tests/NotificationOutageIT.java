package dev.firebreak.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PagerDuty and Slack answer 503 while incidents open, page and resolve, and the gateway is
 * SIGKILLed meanwhile; once they are back, every notification arrives exactly once and in order
 * per incident. Once with one gateway on SQLite killed twice, once with two gateways on one
 * PostgreSQL, each killed once.
 */
@Tag("e2e")
class NotificationOutageIT {

  private static final int INCIDENTS = 4;
  private static final int RESOLVED = 2;
  private static final String PG_URL =
      System.getenv()
          .getOrDefault(
              "FIREBREAK_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private WireMockServer vendor;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<ManagedProcess> gateways = new ArrayList<>();
  private String schema;
  private final Instant began = Instant.now().minusSeconds(60);
  private final Instant outageBegan = Instant.now();

  @BeforeEach
  void outage() {
    vendor = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    vendor.start();
    vendor.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("down")));
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedProcess gateway : gateways) {
      gateway.close();
    }
    vendor.stop();
    if (schema != null) {
      execute(PG_URL, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void sqlite_oneGatewayKilledTwice_everyNotificationOnceInOrder() throws Exception {
    String url = "jdbc:sqlite:" + directory.resolve("firebreak.db");
    int port = Repository.freePort();
    Map<String, String> settings = settings(url);
    gateways.add(GatewayProcess.start(directory, port, settings, "gateway-a"));
    List<Integer> ports = List.of(port);

    open(ports);
    awaitRows(url, "trigger", INCIDENTS);
    awaitFailedAttempts();
    restart(0, port, settings, "gateway-a2");
    resolve(ports);
    awaitRows(url, "resolve", RESOLVED);
    restart(0, port, settings, "gateway-a3");

    recoverAndCheck(url);
  }

  @Test
  void postgresql_twoGatewaysEachKilled_everyNotificationOnceInOrder() throws Exception {
    schema = "outage_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    execute(PG_URL, "CREATE SCHEMA " + schema);
    String url = PG_URL + "&currentSchema=" + schema;
    Map<String, String> settings = settings(url);
    int first = Repository.freePort();
    int second = Repository.freePort();
    java.nio.file.Files.createDirectories(directory.resolve("a"));
    java.nio.file.Files.createDirectories(directory.resolve("b"));
    gateways.add(GatewayProcess.start(directory.resolve("a"), first, settings, "gateway-a"));
    gateways.add(GatewayProcess.start(directory.resolve("b"), second, settings, "gateway-b"));
    List<Integer> ports = List.of(first, second);

    open(ports);
    awaitRows(url, "trigger", INCIDENTS);
    awaitFailedAttempts();
    restart(0, first, settings, "gateway-a2");
    resolve(ports);
    awaitRows(url, "resolve", RESOLVED);
    restart(1, second, settings, "gateway-b2");

    recoverAndCheck(url);
  }

  private Map<String, String> settings(String databaseUrl) {
    Map<String, String> settings = new HashMap<>();
    settings.put("FIREBREAK_DATABASE_URL", databaseUrl);
    settings.put("FIREBREAK_MEMORY", "off");
    settings.put("FIREBREAK_POSTMORTEM_DIR", "");
    settings.put("FIREBREAK_PAGERDUTY_ROUTING_KEY", "0123456789abcdef0123456789abcdef");
    settings.put("FIREBREAK_PAGERDUTY_EVENTS_URL", vendor.baseUrl() + "/v2/enqueue");
    settings.put("FIREBREAK_SLACK_BOT_TOKEN", "xoxb-outage-test");
    settings.put("FIREBREAK_SLACK_API_URL", vendor.baseUrl() + "/api/");
    settings.put("FIREBREAK_SLACK_CHANNEL", "C0INCIDENTS");
    settings.put("FIREBREAK_NOTIFY_RETRY_FIRST", "200ms");
    settings.put("FIREBREAK_NOTIFY_RETRY_MAX", "1s");
    settings.put("FIREBREAK_NOTIFY_ATTEMPTS", "1000");
    // A message a killed gateway was sending waits for its lease (3 timeouts + 5 s) to run out.
    settings.put("FIREBREAK_NOTIFY_TIMEOUT", "2s");
    return settings;
  }

  private void restart(int index, int port, Map<String, String> settings, String name) {
    gateways.get(index).kill();
    Path home = gateways.size() == 1 ? directory : directory.resolve(index == 0 ? "a" : "b");
    gateways.set(index, GatewayProcess.start(home, port, settings, name));
  }

  private void open(List<Integer> ports) throws Exception {
    for (int i = 0; i < INCIDENTS; i++) {
      send(ports.get(i % ports.size()), group(i, "firing"));
    }
  }

  private void resolve(List<Integer> ports) throws Exception {
    for (int i = 0; i < RESOLVED; i++) {
      send(ports.get((i + 1) % ports.size()), group(i, "resolved"));
    }
  }

  private void send(int port, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  /** One critical alert of its own service, firing or resolved. */
  private String group(int i, String status) {
    String startsAt = began.plusSeconds(i).toString();
    String endsAt = status.equals("resolved") ? Instant.now().toString() : "0001-01-01T00:00:00Z";
    return ("{\"receiver\":\"firebreak\",\"status\":\"%s\",\"alerts\":[{\"status\":\"%s\","
            + "\"labels\":{\"alertname\":\"Outage%d\",\"service\":\"svc-%d\",\"severity\":\"critical\"},"
            + "\"annotations\":{\"summary\":\"svc-%d is down\"},\"startsAt\":\"%s\",\"endsAt\":\"%s\","
            + "\"generatorURL\":\"http://prometheus.example.test/graph\",\"fingerprint\":\"f%d\"}],"
            + "\"groupLabels\":{\"alertname\":\"Outage%d\"},\"commonLabels\":{},\"commonAnnotations\":{},"
            + "\"externalURL\":\"http://am\",\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"Outage%d\\\"}\","
            + "\"truncatedAlerts\":0}")
        .formatted(status, status, i, i, i, startsAt, endsAt, i, i, i);
  }

  /** The outage must have been felt: deliveries tried and refused before the kills. */
  private void awaitFailedAttempts() throws InterruptedException {
    await(
        "failed delivery attempts during the outage",
        Duration.ofSeconds(30),
        () -> vendor.getAllServeEvents().size() >= INCIDENTS);
  }

  private void recoverAndCheck(String url) throws Exception {
    // Long enough that every message has been tried and refused again and again after the kills.
    await(
        "40 refused attempts in all",
        Duration.ofSeconds(60),
        () -> vendor.getAllServeEvents().size() >= 40);
    Duration outage = Duration.between(outageBegan, Instant.now());
    int failedDuringOutage = vendor.getAllServeEvents().size();
    vendor.resetAll();
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
    for (String method : List.of("chat.postMessage", "chat.update")) {
      vendor.stubFor(
          post(urlPathEqualTo("/api/" + method))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withBody(
                          "{\"ok\":true,\"channel\":\"C0INCIDENTS\",\"ts\":\"1767259200.000100\"}")));
    }
    await(
        "every notification to be delivered",
        Duration.ofSeconds(120),
        () -> count(url, "state IN ('pending', 'failed')") == 0);

    assertThat(count(url, "state = 'gave_up'")).isZero();
    // Every message the outbox holds as sent reached its channel once: no more requests than
    // messages (a duplicate would be one more), none fewer.
    List<ServeEvent> delivered = vendor.getAllServeEvents();
    long pagerDuty =
        delivered.stream().filter(e -> e.getRequest().getUrl().startsWith("/v2/")).count();
    long slack =
        delivered.stream().filter(e -> e.getRequest().getUrl().startsWith("/api/")).count();
    assertThat(pagerDuty).isEqualTo(count(url, "channel = 'pagerduty' AND state = 'sent'"));
    assertThat(slack).isEqualTo(count(url, "channel = 'slack' AND state = 'sent'"));

    // In order per incident: a trigger, then for the resolved ones a resolve.
    Map<String, List<String>> actions = new LinkedHashMap<>();
    delivered.stream()
        .filter(e -> e.getRequest().getUrl().startsWith("/v2/"))
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .forEach(
            e -> {
              JsonNode body = read(e.getRequest().getBodyAsString());
              actions
                  .computeIfAbsent(body.get("dedup_key").asText(), key -> new ArrayList<>())
                  .add(body.get("event_action").asText());
            });
    assertThat(actions).hasSize(INCIDENTS);
    long resolvedIncidents =
        actions.values().stream()
            .filter(list -> list.equals(List.of("trigger", "resolve")))
            .count();
    long openIncidents =
        actions.values().stream().filter(list -> list.equals(List.of("trigger"))).count();
    assertThat(resolvedIncidents).as(actions.toString()).isEqualTo(RESOLVED);
    assertThat(openIncidents).as(actions.toString()).isEqualTo(INCIDENTS - RESOLVED);

    // One Slack message per incident, posted before anything in its thread.
    long messages =
        delivered.stream()
            .filter(e -> e.getRequest().getUrl().equals("/api/chat.postMessage"))
            .filter(e -> !read(e.getRequest().getBodyAsString()).has("thread_ts"))
            .count();
    assertThat(messages).isEqualTo(INCIDENTS);
    System.out.printf(
        "notification outage: %d attempts refused during %d s of outage; afterwards %d pages and"
            + " %d Slack calls, each once%n",
        failedDuringOutage, outage.toSeconds(), pagerDuty, slack);
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(body, e);
    }
  }

  private void awaitRows(String url, String action, int expected) throws InterruptedException {
    await(
        expected + " " + action + " notifications",
        Duration.ofSeconds(60),
        () -> count(url, "action = '" + action + "'") == expected);
  }

  private long count(String url, String where) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT COUNT(*) FROM notifications WHERE " + where)) {
      rows.next();
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      // Not migrated yet, or the file is being created: not there yet.
      return -1;
    }
  }

  private void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long started = System.nanoTime();
    try {
      awaitQuietly(what, timeout, condition);
    } finally {
      System.out.printf(
          "notification outage: %s after %.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }
  }

  private void awaitQuietly(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        StringBuilder logs = new StringBuilder();
        for (ManagedProcess gateway : gateways) {
          logs.append(gateway.logText()).append('\n');
        }
        throw new AssertionError(
            "timed out waiting for " + what + " at " + Instant.now() + ":\n" + logs);
      }
      // Polling interval only; the condition decides.
      Thread.sleep(100);
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
