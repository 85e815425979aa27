package dev.firebreak.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Investigation benchmark: the packaged gateway with every kind of evidence source configured
 * and local — the real Prometheus scraping a service, the real Zipkin, and Loki,
 * Elasticsearch, Jaeger and Tempo as WireMock servers answering bodies of realistic size —
 * takes {@code INCIDENTS} Alertmanager incidents and investigates each. Prints the time each
 * investigation spent gathering (p50/p95/max), the throughput, and the gateway's memory and
 * database size with that much evidence stored. Run by {@code scripts/bench-evidence.sh}.
 */
public final class EvidenceBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private EvidenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int incidents = Integer.parseInt(System.getenv().getOrDefault("INCIDENTS", "1000"));
    Path work = Files.createTempDirectory("firebreak-bench-evidence");
    List<AutoCloseable> running = new ArrayList<>();
    try {
      ZipkinServer zipkin = new ZipkinServer(work);
      running.add(zipkin);
      for (int i = 0; i < 20; i++) {
        zipkin.send(trace(Instant.now().minusSeconds(i)));
      }
      Map<String, WireMockServer> mocks = mockSources();
      mocks.values().forEach(server -> running.add(server::stop));
      MetricsTarget target = new MetricsTarget();
      running.add(target);
      int gatewayPort = Repository.freePort();
      int prometheusPort = Repository.freePort();
      PrometheusStack stack =
          new PrometheusStack(work, gatewayPort, target.address(), null, prometheusPort);
      running.add(stack);

      Map<String, String> settings = new HashMap<>();
      settings.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + work.resolve("fb.db"));
      settings.put("FIREBREAK_PROMETHEUS_URL", "http://127.0.0.1:" + prometheusPort);
      settings.put("FIREBREAK_PROMETHEUS_RATE_WINDOW", "5s");
      settings.put("FIREBREAK_ZIPKIN_URL", zipkin.baseUrl());
      mocks.forEach(
          (name, server) ->
              settings.put(
                  "FIREBREAK_" + name.toUpperCase(Locale.ROOT) + "_URL", server.baseUrl()));
      ManagedProcess gateway = GatewayProcess.start(work, gatewayPort, settings, "gateway");
      running.add(gateway::close);
      Thread.sleep(20_000); // scrapes for a baseline

      String base = "http://127.0.0.1:" + gatewayPort;
      long started = System.nanoTime();
      for (int i = 0; i < incidents; i++) {
        send(base + "/webhooks/alertmanager", alert(i));
      }
      long accepted = System.nanoTime();
      List<Long> ids = awaitEvidence(base, incidents);
      long done = System.nanoTime();

      List<Long> gather = new ArrayList<>();
      long series = 0;
      long lines = 0;
      long traces = 0;
      for (long id : ids) {
        JsonNode evidence = JSON.readTree(send(base + "/api/incidents/" + id + "/evidence", null));
        long slowest = 0;
        for (JsonNode source : evidence.get("sources")) {
          slowest = Math.max(slowest, source.get("tookMillis").asLong());
          if (!source.get("outcome").asText().equals("ok")) {
            System.out.println(
                "incident "
                    + id
                    + ": "
                    + source.get("source").asText()
                    + " "
                    + source.get("outcome").asText()
                    + " "
                    + source.get("error").asText());
          }
        }
        gather.add(slowest);
        series += evidence.get("metrics").size();
        lines += evidence.get("logs").size();
        traces += evidence.get("traces").size();
      }
      Collections.sort(gather);
      String metrics = send(base + "/metrics", null);
      long rss = rssBytes(gateway.process().pid());
      long db =
          Files.size(work.resolve("fb.db"))
              + (Files.exists(work.resolve("fb.db-wal"))
                  ? Files.size(work.resolve("fb.db-wal"))
                  : 0);

      System.out.println();
      System.out.printf(
          "Investigation benchmark: %d incidents, sources prometheus (real),"
              + " zipkin (real), loki, elasticsearch, jaeger, tempo (WireMock), all local%n",
          ids.size());
      System.out.println("| figure | value |");
      System.out.println("| --- | --- |");
      System.out.printf(
          "| gathering time per incident p50 / p95 / max | %d / %d / %d ms |%n",
          percentile(gather, 0.50), percentile(gather, 0.95), gather.get(gather.size() - 1));
      System.out.printf("| webhooks accepted in | %.1f s |%n", (accepted - started) / 1e9);
      System.out.printf(
          "| all %d investigated in | %.1f s (%.1f incidents/s, %s workers) |%n",
          ids.size(), (done - started) / 1e9, ids.size() / ((done - started) / 1e9), "2");
      System.out.printf(
          "| evidence per incident | %.1f series, %.1f log lines, %.1f traces |%n",
          series / (double) ids.size(), lines / (double) ids.size(), traces / (double) ids.size());
      System.out.printf("| gateway RSS | %.0f MiB |%n", rss / 1048576.0);
      System.out.printf(
          "| gateway heap used (as scraped) | %.0f MiB |%n", heapUsed(metrics) / 1048576.0);
      System.out.printf("| database with the evidence | %.1f MiB |%n", db / 1048576.0);
    } finally {
      Collections.reverse(running);
      for (AutoCloseable closeable : running) {
        try {
          closeable.close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  private static List<Long> awaitEvidence(String base, int incidents) throws Exception {
    long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<Long> ids = new ArrayList<>();
      int pending = 0;
      String cursor = "";
      do {
        JsonNode page = JSON.readTree(send(base + "/api/incidents?limit=500" + cursor, null));
        for (JsonNode item : page.get("items")) {
          ids.add(item.get("id").asLong());
        }
        cursor =
            page.get("nextCursor").isNull() ? "" : "&cursor=" + page.get("nextCursor").asText();
      } while (!cursor.isEmpty());
      if (ids.size() >= incidents) {
        for (long id : ids) {
          JsonNode detail = JSON.readTree(send(base + "/api/incidents/" + id, null));
          if (detail.get("evidence").get("runs").asInt() < 1) {
            pending++;
          }
        }
        if (pending == 0) {
          return ids;
        }
      }
      Thread.sleep(2000);
    }
    throw new IllegalStateException("investigations did not finish in 30 minutes");
  }

  private static String send(String url, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static String alert(int i) {
    String now = Instant.now().toString();
    return """
        {"version":"4","groupKey":"{}:{alertname=\\"Bench%1$d\\"}","truncatedAlerts":0,
         "status":"firing","receiver":"firebreak","groupLabels":{"alertname":"Bench%1$d"},
         "commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"Bench%1$d","service":"checkout",
           "namespace":"shop","severity":"critical"},
           "annotations":{"summary":"checkout is failing"},"startsAt":"%2$s",
           "endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus:9090/graph?g0.expr=sum+by+%%28service%%29+%%28rate%%28http_requests_total%%7Bcode%%3D%%22500%%22%%7D%%5B5s%%5D%%29%%29+%%3E+1&g0.tab=1",
           "fingerprint":"bench%1$08d"}]}
        """
        .formatted(i, now);
  }

  private static Map<String, WireMockServer> mockSources() {
    Map<String, WireMockServer> servers = new HashMap<>();
    long nowNs = Instant.now().getEpochSecond() * 1_000_000_000L;
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      values
          .append(i == 0 ? "" : ",")
          .append("[\"")
          .append(nowNs - i * 1_000_000_000L)
          .append("\",\"level=error msg=\\\"charge failed\\\" order=")
          .append(1000 + i)
          .append(" err=\\\"dial tcp 10.0.3.4:5432: connect: connection refused\\\"\"]");
    }
    WireMockServer loki = start();
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"success\","
                            + "\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":{\"service_name\":"
                            + "\"checkout\",\"namespace\":\"shop\"},\"values\":["
                            + values
                            + "]}]}}")));
    servers.put("loki", loki);

    StringBuilder hits = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      hits.append(i == 0 ? "" : ",")
          .append("{\"_index\":\"logs-app\",\"_id\":\"")
          .append(i)
          .append("\",\"_score\":null,\"_source\":{\"@timestamp\":\"")
          .append(Instant.now().minusSeconds(i))
          .append(
              "\",\"log\":{\"level\":\"error\"},"
                  + "\"message\":\"HikariPool-1 - Connection is not available, request timed out"
                  + " after 30000ms\",\"service\":{\"name\":\"checkout\"}}}");
    }
    WireMockServer es = start();
    es.stubFor(
        post(urlPathMatching("/.*/_search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"took\":3,\"timed_out\":"
                            + "false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
                            + "\"hits\":{\"total\":{\"value\":100,\"relation\":\"eq\"},\"max_score\":null,"
                            + "\"hits\":["
                            + hits
                            + "]}}")));
    servers.put("elasticsearch", es);

    long nowUs = Instant.now().getEpochSecond() * 1_000_000L;
    StringBuilder jaegerTraces = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      String id = hex(16);
      jaegerTraces
          .append(i == 0 ? "" : ",")
          .append("{\"traceID\":\"")
          .append(id)
          .append("\",\"spans\":[{\"traceID\":\"")
          .append(id)
          .append("\",\"spanID\":\"")
          .append(hex(8))
          .append("\",\"operationName\":\"POST /checkout\",\"references\":[]," + "\"startTime\":")
          .append(nowUs - i * 1_000_000L)
          .append(
              ",\"duration\":900000,"
                  + "\"tags\":[{\"key\":\"error\",\"type\":\"bool\",\"value\":true}],\"logs\":[],"
                  + "\"processID\":\"p1\"}],\"processes\":{\"p1\":{\"serviceName\":\"checkout\"}}}");
    }
    WireMockServer jaeger = start();
    jaeger.stubFor(
        get(urlPathEqualTo("/api/traces"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"data\":["
                            + jaegerTraces
                            + "],\"total\":0,\"limit\":0,\"offset\":0,"
                            + "\"errors\":null}")));
    servers.put("jaeger", jaeger);

    String tempoId = hex(16);
    WireMockServer tempo = start();
    tempo.stubFor(
        get(urlPathEqualTo("/api/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"traces\":[{\"traceID\":\""
                            + tempoId
                            + "\",\"rootServiceName\":\"checkout\"}]}")));
    tempo.stubFor(
        get(urlPathMatching("/api/traces/.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"batches\":[{\"resource\":"
                            + "{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                            + "\"checkout\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"AAAAAAAAAAAAAAAAAAAAAA==\","
                            + "\"spanId\":\"AAAAAAAAAAE=\",\"name\":\"POST /checkout\",\"kind\":\"SPAN_KIND_SERVER\","
                            + "\"startTimeUnixNano\":\""
                            + nowNs
                            + "\",\"endTimeUnixNano\":\""
                            + (nowNs + 5_000_000)
                            + "\",\"status\":{\"code\":\"STATUS_CODE_ERROR\"}}]}]}]}")));
    servers.put("tempo", tempo);
    return servers;
  }

  private static WireMockServer start() {
    WireMockServer server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(16));
    server.start();
    return server;
  }

  private static String trace(Instant at) {
    long start = at.getEpochSecond() * 1_000_000L;
    String id = hex(16);
    return "[{\"traceId\":\""
        + id
        + "\",\"id\":\""
        + hex(8)
        + "\",\"name\":\"post /checkout\","
        + "\"kind\":\"SERVER\",\"timestamp\":"
        + start
        + ",\"duration\":800000,"
        + "\"localEndpoint\":{\"serviceName\":\"checkout\"},\"tags\":{\"error\":\"502\"}}]";
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static long rssBytes(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
      }
    }
    return -1;
  }

  private static double heapUsed(String metrics) {
    double total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
