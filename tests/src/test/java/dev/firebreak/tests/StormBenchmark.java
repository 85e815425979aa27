package dev.firebreak.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Storm benchmark: the packaged gateway takes a burst of {@code SIGNALS} (default 500,000)
 * Alertmanager alerts, 50 per notification, then one alert of a group it has never seen; prints
 * how long that alert took to become an incident while the burst's backlog was being
 * correlated, and how long the backlog took to clear. Two storm shapes — the burst spread over
 * a few groups (each notification brings new alerts of one of 100 groups) and over many (every
 * notification is a group of its own) — on SQLite and on PostgreSQL ({@code PG_URL}, default
 * the local server's {@code test} database, in a schema of its own). Run by {@code
 * scripts/bench-storm.sh}.
 */
public final class StormBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int ALERTS_PER_NOTIFICATION = 50;
  private static final int SENDERS = 16;

  private StormBenchmark() {}

  private record Shape(String name, int groups) {
    String group(int notification) {
      return groups == 0 ? "n" + notification : "g" + notification % groups;
    }
  }

  public static void main(String[] args) throws Exception {
    int signals = Integer.parseInt(System.getenv().getOrDefault("SIGNALS", "500000"));
    String pgUrl =
        System.getenv()
            .getOrDefault(
                "PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");
    List<String> stores =
        List.of(System.getenv().getOrDefault("STORES", "sqlite,postgresql").split(","));
    List<Shape> shapes = List.of(new Shape("100 groups", 100), new Shape("a group each", 0));
    System.out.printf(
        Locale.ROOT,
        "Storm benchmark: %,d alerts in notifications of %d, %d"
            + " concurrent senders, then one alert of a new group%n%n",
        signals,
        ALERTS_PER_NOTIFICATION,
        SENDERS);
    System.out.printf(
        Locale.ROOT,
        "%-11s %-13s %9s %10s %13s %14s %12s%n",
        "store",
        "storm",
        "burst s",
        "alerts/s",
        "backlog then",
        "new alert s",
        "cleared s");
    for (String store : stores) {
      for (Shape shape : shapes) {
        run(store.trim(), shape, signals, pgUrl);
      }
    }
  }

  private static void run(String store, Shape shape, int signals, String pgUrl) throws Exception {
    Path work = Files.createTempDirectory("firebreak-bench-storm");
    String schema = "storm_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
    String database;
    if (store.equals("postgresql")) {
      execute(pgUrl, "CREATE SCHEMA " + schema);
      database = pgUrl + "&currentSchema=" + schema;
    } else {
      database = "jdbc:sqlite:" + work.resolve("firebreak.db");
    }
    int port = Repository.freePort();
    String base = "http://127.0.0.1:" + port;
    try (ManagedProcess gateway =
        GatewayProcess.start(
            work, port, Map.of("FIREBREAK_DATABASE_URL", database), "gateway", "-Xmx1g")) {
      int notifications = signals / ALERTS_PER_NOTIFICATION;
      long started = System.nanoTime();
      burst(base, shape, notifications);
      double burstSeconds = (System.nanoTime() - started) / 1e9;
      long backlog = backlog(base);

      long probeSent = System.nanoTime();
      post(base, notification("probe", 0, "storm-probe"));
      while (!hasIncident(base, "storm-probe")) {
        Thread.sleep(20);
      }
      double probeSeconds = (System.nanoTime() - probeSent) / 1e9;
      while (backlog(base) > 0) {
        Thread.sleep(200);
      }
      double clearedSeconds = (System.nanoTime() - probeSent) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-11s %-13s %9.1f %,10.0f %,13d %14.2f %12.1f%n",
          store,
          shape.name(),
          burstSeconds,
          notifications * ALERTS_PER_NOTIFICATION / burstSeconds,
          backlog,
          probeSeconds,
          clearedSeconds);
    } finally {
      if (store.equals("postgresql")) {
        execute(pgUrl, "DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void burst(String base, Shape shape, int notifications) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    AtomicInteger next = new AtomicInteger();
    AtomicLong refused = new AtomicLong();
    List<Future<?>> done = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      done.add(
          senders.submit(
              () -> {
                for (int i = next.getAndIncrement();
                    i < notifications;
                    i = next.getAndIncrement()) {
                  // A service per group: groups of one service would join one incident, and
                  // the burst would no longer measure opening and correlating many of them.
                  String group = shape.group(i);
                  int status = post(base, notification(group, i, "storm-" + group));
                  if (status != 202) {
                    refused.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> sender : done) {
      sender.get();
    }
    senders.shutdown();
    if (refused.get() > 0) {
      throw new IllegalStateException(refused.get() + " notifications were not accepted");
    }
  }

  private static String notification(String group, int number, String service) {
    StringBuilder alerts = new StringBuilder();
    for (int j = 0; j < ALERTS_PER_NOTIFICATION; j++) {
      if (j > 0) {
        alerts.append(',');
      }
      alerts.append(
          String.format(
              Locale.ROOT,
              "{\"status\":\"firing\",\"labels\":"
                  + "{\"alertname\":\"Storm\",\"group\":\"%s\",\"instance\":\"i-%d-%d\","
                  + "\"service\":\"%s\",\"severity\":\"warning\"},\"annotations\":{\"summary\":"
                  + "\"storm alert\"},\"startsAt\":\"2026-11-21T10:00:00Z\",\"endsAt\":"
                  + "\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://bench.test/graph\","
                  + "\"fingerprint\":\"%s-%d-%d\"}",
              group,
              number,
              j,
              service,
              group,
              number,
              j));
    }
    return String.format(
        Locale.ROOT,
        "{\"receiver\":\"firebreak\",\"status\":\"firing\","
            + "\"alerts\":[%s],\"groupLabels\":{\"group\":\"%s\"},\"commonLabels\":{},"
            + "\"commonAnnotations\":{},\"externalURL\":\"http://bench.test\",\"version\":\"4\","
            + "\"groupKey\":\"{}:{group=\\\"%s-%s\\\"}\",\"truncatedAlerts\":0}",
        alerts,
        group,
        service,
        group);
  }

  private static int post(String base, String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/webhooks/alertmanager"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static boolean hasIncident(String base, String service) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/incidents?service=" + service)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode items = JSON.readTree(response.body()).path("items");
    return items.size() > 0;
  }

  private static long backlog(String base) throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : metrics.split("\n")) {
      if (line.startsWith("firebreak_correlation_backlog ")) {
        return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
      }
    }
    throw new IllegalStateException("no firebreak_correlation_backlog in /metrics");
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
