package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.port.WorkQueue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over incidents, with its write token, filters, paging and errors. */
class IncidentApiTest {

  private static final String[] WRITE = {"Authorization", "Bearer writer-token"};

  @TempDir Path directory;
  TestGateway gateway;

  @BeforeEach
  void start() {
    gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_API_WRITE_TOKEN", "writer-token",
                "FIREBREAK_ALERTMANAGER_TOKEN", "am",
                // Three groups, three incidents to list and page through (two share a service).
                "FIREBREAK_CORRELATION_SAME_SERVICE", "false"));
    for (int i = 0; i < 3; i++) {
      ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
      body.put("groupKey", "{}:{alertname=\"Api" + i + "\"}");
      for (JsonNode alert : body.get("alerts")) {
        ((ObjectNode) alert).put("fingerprint", alert.get("fingerprint").asText() + i);
        ((ObjectNode) alert.get("labels")).put("service", i == 2 ? "payments" : "checkout");
      }
      gateway.postJson("/webhooks/alertmanager", body.toString(), "Authorization", "Bearer am");
    }
    gateway.awaitCorrelated();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private JsonNode getJson(String path) {
    HttpResponse<String> response = gateway.get(path, WRITE);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestGateway.json(response);
  }

  @Test
  void list_filtersAndPagesWithCursor() {
    JsonNode first = getJson("/api/incidents?limit=2");
    assertThat(first.get("items")).hasSize(2);
    String cursor = first.get("nextCursor").asText();
    JsonNode second = getJson("/api/incidents?limit=2&cursor=" + cursor);
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.get("nextCursor").isNull()).isTrue();
    assertThat(getJson("/api/incidents?service=payments").get("items")).hasSize(1);
    assertThat(
            getJson("/api/incidents?status=open&severity=critical&source=alertmanager")
                .get("items"))
        .hasSize(3);
    assertThat(getJson("/api/incidents?source=datadog").get("items")).isEmpty();
    assertThat(
            getJson("/api/incidents?from=2026-11-21T10:00:00Z&to=2026-11-21T11:00:00Z")
                .get("items"))
        .hasSize(3);
    assertThat(getJson("/api/incidents?to=2026-11-21T10:00:00Z").get("items")).isEmpty();
  }

  @Test
  void deadWork_isListedWithItsLastErrorAndCounted() {
    WorkQueue work = gateway.gateway.store().work();
    Instant now = Instant.now();
    work.enqueue("investigation", "7", now, "{}", 1);
    WorkQueue.WorkClaim claim =
        work.claim(Set.of("investigation"), now, Duration.ofMinutes(1)).orElseThrow();
    work.fail(claim, now.plusSeconds(10), "prometheus: connection refused");

    JsonNode dead = getJson("/api/work/investigation/dead");
    assertThat(dead.get("items"))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.get("subject").asText()).isEqualTo("7");
              assertThat(item.get("attempts").asInt()).isEqualTo(1);
              assertThat(item.get("lastError").asText())
                  .isEqualTo("prometheus: connection refused");
            });
    assertThat(getJson("/api/work/notify/dead").get("items")).isEmpty();
    assertThat(gateway.get("/metrics").body())
        .contains("firebreak_work_dead{kind=\"investigation\"} 1.0");
    assertBadRequest("/api/work/investigation/dead?limit=0", "limit must be between 1 and 500");
  }

  @Test
  void list_refusesBadParameters() {
    assertBadRequest("/api/incidents?status=burning", "status: unknown incident status");
    assertBadRequest("/api/incidents?limit=0", "limit must be between 1 and 500");
    assertBadRequest("/api/incidents?limit=abc", "limit must be between 1 and 500");
    assertBadRequest("/api/incidents?from=yesterday", "from: expected an RFC 3339 time");
    assertBadRequest("/api/incidents?cursor=-4", "cursor must be a positive whole number");
    assertBadRequest("/api/incidents?sevrity=critical", "unknown query parameter 'sevrity'");
    assertBadRequest("/api/incidents/abc", "incident id must be a positive whole number");
  }

  private void assertBadRequest(String path, String message) {
    HttpResponse<String> response = gateway.get(path, WRITE);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestGateway.json(response).get("message").asText()).contains(message);
  }

  @Test
  void detail_showsSignalsAndTimeline() {
    long id = getJson("/api/incidents").get("items").get(0).get("id").asLong();
    JsonNode detail = getJson("/api/incidents/" + id);
    assertThat(detail.get("signals")).hasSize(2);
    assertThat(detail.get("signals").get(0).get("links").get("generatorURL").asText())
        .startsWith("http://prometheus.example.test:9090/graph");
    assertThat(detail.get("timeline").get(0).get("kind").asText()).isEqualTo("opened");
    assertThat(detail.get("timeline").get(0).get("at").asText())
        .isEqualTo("2026-11-21T10:53:28.956Z");
    HttpResponse<String> missing = gateway.get("/api/incidents/999999", WRITE);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no incident 999999");
  }

  @Test
  void acknowledgeThenResolve_recordTimelineAndRefuseWrongOrder() {
    long id = getJson("/api/incidents").get("items").get(0).get("id").asLong();
    HttpResponse<String> ack =
        gateway.postJson(
            "/api/incidents/" + id + "/acknowledge",
            "{\"by\": \"alice\", \"note\": \"on it\"}",
            WRITE);
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(TestGateway.json(ack).get("status").asText()).isEqualTo("acknowledged");
    HttpResponse<String> again =
        gateway.postJson("/api/incidents/" + id + "/acknowledge", "", WRITE);
    assertThat(again.statusCode()).isEqualTo(409);
    HttpResponse<String> resolve = gateway.postJson("/api/incidents/" + id + "/resolve", "", WRITE);
    assertThat(TestGateway.json(resolve).get("status").asText()).isEqualTo("resolved");
    assertThat(getJson("/api/incidents/" + id).get("timeline").toString())
        .contains("acknowledged by alice: on it")
        .contains("resolved by hand");
    assertThat(gateway.postJson("/api/incidents/999999/resolve", "", WRITE).statusCode())
        .isEqualTo(404);
  }

  @Test
  void actions_refuseUnknownFieldsAndWrongTypes() {
    long id = getJson("/api/incidents").get("items").get(0).get("id").asLong();
    String path = "/api/incidents/" + id + "/acknowledge";
    HttpResponse<String> unknown = gateway.postJson(path, "{\"by\":\"a\",\"who\":\"b\"}", WRITE);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown field 'who'");
    assertThat(gateway.postJson(path, "{\"by\": 5}", WRITE).body())
        .contains("field 'by' must be a string");
    assertThat(gateway.postJson(path, "{\"by\": ", WRITE).body()).contains("malformed JSON");
    assertThat(gateway.postJson(path, "[]", WRITE).statusCode()).isEqualTo(400);
    assertThat(
            gateway
                .post(path, "{}".getBytes(), "Content-Type", "text/plain", WRITE[0], WRITE[1])
                .statusCode())
        .isEqualTo(415);
    assertThat(getJson("/api/incidents/" + id).get("status").asText()).isEqualTo("open");
  }

  @Test
  void unknownRoutes_getTheSameErrorShape() {
    HttpResponse<String> response = gateway.get("/api/nothing", WRITE);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(TestGateway.json(response).get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void theRoot_pointsAtTheRest_withoutAToken() {
    HttpResponse<String> index = gateway.get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    JsonNode body = TestGateway.json(index);
    assertThat(body.get("service").asText()).isEqualTo("firebreak");
    for (String path : new String[] {"health", "ready", "metrics", "api"}) {
      assertThat(gateway.get(body.get(path).asText()).statusCode()).as(path).isIn(200, 503);
    }
  }
}
