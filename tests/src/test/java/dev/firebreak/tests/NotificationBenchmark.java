package dev.firebreak.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert to page: INCIDENTS alerts of their own groups arrive at once, and each must become one
 * PagerDuty trigger (Events API v2 on WireMock, answering after PD_LATENCY_MS). Measured for
 * Firebreak (webhook → incident → decision → outbox → page) and, as the peer, Alertmanager's own
 * PagerDuty notifier (group_wait 0s) on the same alerts and the same fake PagerDuty; once with
 * PagerDuty taking everything and once throttling to THROTTLE requests per second (429 beyond,
 * as PagerDuty does per integration key). Prints pages delivered, time to the last page, and the
 * alert-to-page latency percentiles.
 */
public final class NotificationBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern GROUP = Pattern.compile("bench-(\\d+)-(\\d+)");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private NotificationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int incidents = Integer.parseInt(System.getenv().getOrDefault("INCIDENTS", "300"));
    int latency = Integer.parseInt(System.getenv().getOrDefault("PD_LATENCY_MS", "20"));
    int throttle = Integer.parseInt(System.getenv().getOrDefault("THROTTLE", "20"));
    System.out.printf(
        Locale.ROOT,
        "Notification benchmark: %d alerts of their own groups at once; fake PagerDuty answers"
            + " after %d ms%n%n%-13s %-22s %7s %9s %9s %9s %9s %9s%n",
        incidents,
        latency,
        "system",
        "PagerDuty",
        "pages",
        "last s",
        "p50 s",
        "p95 s",
        "p99 s",
        "429s");
    for (int limit : List.of(0, throttle)) {
      run("firebreak", incidents, latency, limit);
      run("alertmanager", incidents, latency, limit);
    }
  }

  private static void run(String system, int incidents, int latency, int limit) throws Exception {
    int run = RUNS.incrementAndGet();
    Throttle throttle = new Throttle(limit);
    WireMockServer pagerDuty =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .containerThreads(64)
                .extensions(throttle));
    pagerDuty.start();
    pagerDuty.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withFixedDelay(latency)
                    .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
    Path work = Files.createTempDirectory("firebreak-bench-notify");
    Map<Integer, Instant> sent = new ConcurrentHashMap<>();
    int port = Repository.freePort();
    String url = "http://127.0.0.1:" + port;
    try (ManagedProcess process = start(system, work, pagerDuty.baseUrl() + "/v2/enqueue", port)) {
      ExecutorService senders = Executors.newFixedThreadPool(8);
      for (int i = 0; i < incidents; i++) {
        int group = i;
        senders.submit(
            () -> {
              sent.put(group, Instant.now());
              send(system, url, run, group);
              return null;
            });
      }
      senders.shutdown();
      senders.awaitTermination(5, TimeUnit.MINUTES);
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (delivered(pagerDuty, run).size() < incidents && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Map<Integer, Instant> pages = delivered(pagerDuty, run);
      List<Double> latencies = new ArrayList<>();
      Instant first = Collections.min(sent.values());
      Instant last = first;
      for (Map.Entry<Integer, Instant> page : pages.entrySet()) {
        latencies.add(
            Duration.between(sent.get(page.getKey()), page.getValue()).toMillis() / 1000.0);
        if (page.getValue().isAfter(last)) {
          last = page.getValue();
        }
      }
      Collections.sort(latencies);
      System.out.printf(
          Locale.ROOT,
          "%-13s %-22s %7d %9.2f %9.2f %9.2f %9.2f %9d%n",
          system,
          limit == 0 ? "takes everything" : "throttles at " + limit + "/s",
          pages.size(),
          Duration.between(first, last).toMillis() / 1000.0,
          percentile(latencies, 0.50),
          percentile(latencies, 0.95),
          percentile(latencies, 0.99),
          throttle.refused.get());
    } finally {
      pagerDuty.stop();
    }
  }

  private static ManagedProcess start(String system, Path work, String pagerDutyUrl, int port)
      throws Exception {
    if (system.equals("firebreak")) {
      return GatewayProcess.start(
          work,
          port,
          Map.of(
              "FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + work.resolve("firebreak.db"),
              "FIREBREAK_MEMORY", "off",
              "FIREBREAK_POSTMORTEM_DIR", "",
              "FIREBREAK_PAGERDUTY_ROUTING_KEY", "0123456789abcdef0123456789abcdef",
              "FIREBREAK_PAGERDUTY_EVENTS_URL", pagerDutyUrl,
              "FIREBREAK_NOTIFY_RETRY_FIRST", "1s",
              "FIREBREAK_NOTIFY_RETRY_MAX", "30s",
              "FIREBREAK_NOTIFY_ATTEMPTS", "1000"),
          "gateway",
          "-Xmx1g");
    }
    Path config = work.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: pagerduty
          group_by: [alertname]
          group_wait: 0s
          group_interval: 5m
          repeat_interval: 4h
        receivers:
          - name: pagerduty
            pagerduty_configs:
              - routing_key: 0123456789abcdef0123456789abcdef
                url: %s
                send_resolved: false
        """
            .formatted(pagerDutyUrl));
    ManagedProcess alertmanager =
        ManagedProcess.start(
            "alertmanager",
            List.of(
                Repository.binary(
                    "FIREBREAK_TEST_ALERTMANAGER", "/usr/bin/prometheus-alertmanager"),
                "--config.file=" + config,
                "--storage.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="),
            work);
    return alertmanager.awaitHttpOk(
        "http://127.0.0.1:" + port + "/-/ready", Duration.ofSeconds(30));
  }

  private static void send(String system, String base, int run, int group) throws Exception {
    String alertname = "bench-" + run + "-" + group;
    String now = Instant.now().toString();
    String path;
    String body;
    if (system.equals("firebreak")) {
      path = "/webhooks/alertmanager";
      body =
          ("{\"receiver\":\"firebreak\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
                  + "\"labels\":{\"alertname\":\"%s\",\"service\":\"%s\",\"severity\":\"critical\"},"
                  + "\"annotations\":{\"summary\":\"%s is down\"},\"startsAt\":\"%s\","
                  + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"\",\"fingerprint\":\"%s\"}],"
                  + "\"groupLabels\":{\"alertname\":\"%s\"},\"commonLabels\":{},\"commonAnnotations\":{},"
                  + "\"externalURL\":\"http://am\",\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"%s\\\"}\","
                  + "\"truncatedAlerts\":0}")
              .formatted(alertname, alertname, alertname, now, alertname, alertname, alertname);
    } else {
      path = "/api/v2/alerts";
      body =
          "[{\"labels\":{\"alertname\":\"%s\",\"severity\":\"critical\"},\"annotations\":{\"summary\":\"%s is down\"},\"startsAt\":\"%s\"}]"
              .formatted(alertname, alertname, now);
    }
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          system + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The first accepted trigger of each group of this run, by when PagerDuty took it. */
  private static Map<Integer, Instant> delivered(WireMockServer pagerDuty, int run) {
    Map<Integer, Instant> pages = new ConcurrentHashMap<>();
    for (ServeEvent event : pagerDuty.getAllServeEvents()) {
      if (event.getResponse().getStatus() != 202) {
        continue;
      }
      try {
        JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
        Matcher matcher = GROUP.matcher(body.path("payload").path("summary").asText());
        if (matcher.find() && Integer.parseInt(matcher.group(1)) == run) {
          Instant at =
              event
                  .getRequest()
                  .getLoggedDate()
                  .toInstant()
                  .plusMillis(event.getTiming().getTotalTime());
          pages.merge(Integer.parseInt(matcher.group(2)), at, (a, b) -> a.isBefore(b) ? a : b);
        }
      } catch (Exception e) {
        // not a page of this run
      }
    }
    return pages;
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  /** 429 beyond {@code limit} requests in a second, as PagerDuty throttles an integration key. */
  static final class Throttle implements ResponseDefinitionTransformerV2 {
    private final int limit;
    final AtomicInteger refused = new AtomicInteger();
    private long second;
    private int count;

    Throttle(int limit) {
      this.limit = limit;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
      if (limit == 0) {
        return event.getResponseDefinition();
      }
      long now = System.currentTimeMillis() / 1000;
      if (now != second) {
        second = now;
        count = 0;
      }
      if (++count > limit) {
        refused.incrementAndGet();
        return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
            .withStatus(429)
            .withBody(
                "{\"status\":\"throttled\",\"message\":\"Requests for this service are"
                    + " arriving too quickly.\"}")
            .build();
      }
      return event.getResponseDefinition();
    }

    @Override
    public String getName() {
      return "pagerduty-throttle";
    }
  }
}
