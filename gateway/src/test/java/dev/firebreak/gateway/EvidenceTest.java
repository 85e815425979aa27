package dev.firebreak.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.gateway.replay.Bundle;
import dev.firebreak.gateway.replay.BundleCodec;
import dev.firebreak.gateway.replay.ReplayReport;
import dev.firebreak.gateway.replay.Replayer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The investigation step end to end inside one gateway: sources answer as the real APIs do
 * (WireMock), one is slow, one answers garbage, one is down.
 */
class EvidenceTest {

  @TempDir Path directory;
  private WireMockServer prometheus;
  private WireMockServer loki;
  private WireMockServer jaeger;
  private TestGateway gateway;
  private int closedPort;

  @BeforeEach
  void start() throws Exception {
    prometheus = server();
    loki = server();
    jaeger = server();
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // The captured alert started at 10:56:56Z: one point before, one after.
    long now = java.time.Instant.parse("2026-11-21T10:57:56Z").getEpochSecond();
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        ("{\"status\":\"success\","
                                + "\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"job\":"
                                + "\"prometheus\",\"instance\":\"127.0.0.1:19094\"},\"values\":[[%d,\"0\"],[%d,\"1\"]]"
                                + "}]}}")
                            .formatted(now - 600, now))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/series"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":\"prometheus\","
                            + "\"instance\":\"127.0.0.1:19094\"}]}")));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/status/buildinfo"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0\",\"revision\":"
                            + "\"\",\"branch\":\"debian/sid\",\"buildUser\":\"\",\"buildDate\":\"\","
                            + "\"goVersion\":\"go1.19.5\"}}")));
    // Loki is slow: longer than the evidence budget.
    loki.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withFixedDelay(3_000)
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[]}}")));
    // Jaeger answers something that is not its API.
    jaeger.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Welcome to nginx!</body></html>")));
    Map<String, String> settings = new HashMap<>();
    settings.put("FIREBREAK_PROMETHEUS_URL", prometheus.baseUrl());
    settings.put("FIREBREAK_PROMETHEUS_TOKEN", "prom-secret-token");
    settings.put("FIREBREAK_LOKI_URL", loki.baseUrl());
    settings.put("FIREBREAK_LOKI_HEADERS", "X-Scope-OrgID=team-a");
    settings.put("FIREBREAK_JAEGER_URL", jaeger.baseUrl());
    settings.put("FIREBREAK_ELASTICSEARCH_URL", "http://127.0.0.1:" + closedPort);
    settings.put("FIREBREAK_EVIDENCE_TIMEOUT", "1500ms");
    settings.put("FIREBREAK_EVIDENCE_RERUN_DELAY", "0s");
    gateway = TestGateway.start(directory, settings);
  }

  @AfterEach
  void stop() {
    gateway.close();
    prometheus.stop();
    loki.stop();
    jaeger.stop();
  }

  private static WireMockServer server() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return server;
  }

  private HttpResponse<String> fire(String group, String service) {
    ObjectNode body = Fixtures.capturedObject("alertmanager-from-prometheus-rule");
    body.put("groupKey", "{}:{alertname=\"" + group + "\"}");
    for (JsonNode alert : body.get("alerts")) {
      ((ObjectNode) alert).put("fingerprint", group);
      ((ObjectNode) alert.get("labels")).put("service", service);
    }
    return gateway.postJson("/webhooks/alertmanager", body.toString());
  }

  private JsonNode getJson(String path) {
    HttpResponse<String> response = gateway.get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestGateway.json(response);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void investigation_keepsWhatWorkedAndNeverHoldsUpIntake() throws Exception {
    assertThat(fire("first", "checkout").statusCode()).isEqualTo(202);
    gateway.awaitCorrelated();
    // The first investigation is now waiting on the slow Loki...
    await("Loki to be asked", () -> !loki.getAllServeEvents().isEmpty());
    assertThat(gateway.store.investigations().evidence(1)).isEmpty();
    // ...and intake and correlation go on regardless.
    assertThat(fire("second", "payments").statusCode()).isEqualTo(202);
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().detail(2)).isPresent();
    assertThat(gateway.store.investigations().evidence(1))
        .as("second incident opened while the first" + " investigation was still waiting on Loki")
        .isEmpty();

    await("evidence", () -> gateway.store.investigations().evidence(1).isPresent());
    JsonNode evidence = getJson("/api/incidents/1/evidence");
    Map<String, JsonNode> sources = new HashMap<>();
    evidence.get("sources").forEach(source -> sources.put(source.get("source").asText(), source));
    assertThat(sources.get("prometheus").get("outcome").asText()).isEqualTo("ok");
    assertThat(sources.get("loki").get("outcome").asText()).isEqualTo("timed_out");
    assertThat(sources.get("jaeger").get("outcome").asText()).isEqualTo("failed");
    assertThat(sources.get("jaeger").get("error").asText()).contains("not JSON");
    assertThat(sources.get("elasticsearch").get("outcome").asText()).isEqualTo("failed");
    assertThat(sources.get("elasticsearch").get("error").asText()).contains("cannot reach");
    assertThat(evidence.get("metrics")).isNotEmpty();
    JsonNode series = evidence.get("metrics").get(0);
    assertThat(series.get("id").asText()).isEqualTo("metric:1");
    assertThat(series.get("origin").asText()).isEqualTo("alert");
    assertThat(series.get("query").asText()).isEqualTo("up{job=\"prometheus\"}");
    assertThat(evidence.toString()).doesNotContain("prom-secret-token");

    JsonNode detail = getJson("/api/incidents/1");
    assertThat(detail.get("evidence").get("latestRun").get("series").asInt()).isPositive();
    assertThat(detail.get("evidence").get("latestRun").get("complete").asBoolean()).isFalse();

    // The bundle replays offline to the same evidence.
    HttpResponse<String> bundleResponse = gateway.get("/api/incidents/1/bundle");
    assertThat(bundleResponse.statusCode()).isEqualTo(200);
    assertThat(bundleResponse.body()).doesNotContain("prom-secret-token").doesNotContain("team-a");
    Bundle bundle =
        BundleCodec.read(
            new ByteArrayInputStream(bundleResponse.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(bundle.sources()).containsExactly("prometheus", "loki", "elasticsearch", "jaeger");
    Replayer.Result replay = Replayer.run(bundle, directory.resolve("replay"));
    Evidence replayed = replay.evidence().values().iterator().next().orElseThrow();
    assertThat(replayed.metrics()).isEqualTo(bundle.evidence().metrics());
    assertThat(replayed.window()).isEqualTo(bundle.evidence().window());
    StringWriter printed = new StringWriter();
    ReplayReport.print(replay, new PrintWriter(printed));
    assertThat(printed.toString())
        .contains("Same evidence as recorded: yes")
        .contains("prometheus")
        .contains("metric:1");
  }

  @Test
  void evidence_unknownIncidentAndNotYetInvestigated() {
    assertThat(gateway.get("/api/incidents/99/evidence").statusCode()).isEqualTo(404);
    assertThat(gateway.get("/api/incidents/99/bundle").statusCode()).isEqualTo(404);
    assertThat(gateway.get("/api/incidents/1/evidence?x=1").statusCode()).isEqualTo(400);
  }

  @Test
  void ready_showsSourcesWithoutFailingReadiness() {
    JsonNode ready = TestGateway.json(gateway.get("/ready"));
    assertThat(ready.get("status").asText()).isEqualTo("ready");
    assertThat(ready.get("evidenceSources").get("elasticsearch").get("ok").asBoolean()).isFalse();
    assertThat(ready.get("evidenceSources").get("prometheus").get("ok").asBoolean()).isTrue();
    assertThat(ready.get("evidenceSources").get("loki").get("detail").asText())
        .contains("no answer within 1 s");
  }
}
