package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incident memory through the gateway: a resolved incident gets its postmortem (API and file),
 * a later incident like it is recognised when it opens, and recall answers by text and by
 * incident, with clear errors for bad requests.
 */
class MemoryApiTest {

  private static final String[] WRITE = {"Authorization", "Bearer writer-token"};
  private static final String[] READ = {"Authorization", "Bearer reader-token"};
  private static final Instant STARTED = Instant.parse("2026-11-20T08:00:00Z");

  @TempDir Path directory;
  TestGateway gateway;

  @BeforeEach
  void start() {
    gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_MEMORY", "on",
                "FIREBREAK_API_WRITE_TOKEN", "writer-token",
                "FIREBREAK_API_READ_TOKEN", "reader-token",
                "FIREBREAK_ALERTMANAGER_TOKEN", "am"));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void resolvedIncident_getsItsPostmortemAndIsRecognisedWhenItHappensAgain() throws Exception {
    send(
        "checkout-errors-1",
        "HighErrorRate",
        "checkout",
        "Checkout 5xx ratio above 5%",
        STARTED,
        null);
    send(
        "checkout-errors-1",
        "HighErrorRate",
        "checkout",
        "Checkout 5xx ratio above 5%",
        STARTED,
        STARTED.plusSeconds(1500));
    HttpResponse<String> postmortem =
        awaitStatus("/api/incidents/1/postmortem", 200, Duration.ofSeconds(60));
    String markdown = postmortem.body();
    assertThat(postmortem.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/markdown");
    assertThat(postmortem.headers().firstValue("X-Postmortem-Version")).contains("1");
    assertThat(markdown)
        .startsWith("# Postmortem: Checkout 5xx ratio above 5%")
        .contains(
            "## Summary",
            "## Impact",
            "## Detection",
            "## Root cause and trigger",
            "## Resolution",
            "## Escalations",
            "## Timeline",
            "## Similar past incidents",
            "## Action items",
            "## Lessons learned")
        .contains("Duration: 25 min 0 s, from " + STARTED + " to " + STARTED.plusSeconds(1500))
        .contains("First alert: **HighErrorRate** from alertmanager, started " + STARTED)
        .contains("| " + STARTED + " | opened: ")
        .contains("resolved: no signal is firing any more");
    try (Stream<Path> files = Files.list(directory.resolve("postmortems"))) {
      List<Path> written = files.toList();
      assertThat(written)
          .extracting(path -> path.getFileName().toString())
          .containsExactly("2026-11-20-incident-1.md");
      assertThat(Files.readString(written.get(0))).isEqualTo(markdown);
    }
    await(
        () -> timelineKinds(1).contains("postmortem"),
        Duration.ofSeconds(30),
        "the postmortem's timeline entry");

    send(
        "checkout-errors-2",
        "HighErrorRate",
        "checkout",
        "Checkout 5xx ratio above 5%",
        STARTED.plusSeconds(86_400),
        null);
    await(
        () -> timelineKinds(2).contains("similar"),
        Duration.ofSeconds(60),
        "incident 2 to be matched with incident 1");
    JsonNode detail = getJson("/api/incidents/2");
    String similarEntry = "";
    for (JsonNode entry : detail.get("timeline")) {
      if (entry.get("kind").asText().equals("similar")) {
        similarEntry = entry.get("message").asText();
      }
    }
    assertThat(similarEntry)
        .startsWith("similar past incidents: incident 1 \"Checkout 5xx ratio above 5%\"")
        .contains("resolved: resolved: no signal is firing any more");

    JsonNode similar = getJson("/api/incidents/2/similar?k=3");
    assertThat(similar.get("items")).isNotEmpty();
    JsonNode best = similar.get("items").get(0);
    assertThat(best.get("incidentId").asLong()).isEqualTo(1);
    assertThat(best.get("resolved").asBoolean()).isTrue();
    assertThat(best.get("similarity").asDouble()).isGreaterThan(0.5);
    assertThat(best.get("postmortem").asText()).isEqualTo("/api/incidents/1/postmortem");
    for (JsonNode item : similar.get("items")) {
      assertThat(item.get("incidentId").asLong()).isNotEqualTo(2);
    }

    JsonNode byText = getJson("/api/incidents/similar?q=checkout+5xx+errors&service=checkout");
    assertThat(byText.get("items"))
        .extracting(item -> item.get("incidentId").asLong())
        .contains(1L, 2L);
    assertThat(getJson("/api/incidents/similar?q=checkout&service=payments").get("items"))
        .isEmpty();
    assertThat(getJson("/api/incidents/similar?q=checkout&to=2026-11-20T09:00:00Z").get("items"))
        .extracting(item -> item.get("incidentId").asLong())
        .containsExactly(1L);
  }

  @Test
  void postmortemOnDemand_writesAVersionOnlyWhenTheRecordChanged() {
    send("payments-latency", "HighLatency", "payments", "p99 above 2 s", STARTED, null);
    awaitStatus("/api/incidents/1", 200, Duration.ofSeconds(30));
    // The escalation decision joins the timeline in the background; the record must be still.
    gateway.awaitNotified();

    HttpResponse<String> forbidden = gateway.post("/api/incidents/1/postmortem", new byte[0], READ);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    HttpResponse<String> first = gateway.post("/api/incidents/1/postmortem", new byte[0], WRITE);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(TestGateway.json(first).get("version").asInt()).isEqualTo(1);
    assertThat(TestGateway.json(first).get("file").asText()).isEqualTo("2026-11-20-incident-1.md");
    HttpResponse<String> again = gateway.post("/api/incidents/1/postmortem", new byte[0], WRITE);
    assertThat(TestGateway.json(again).get("version").asInt()).isEqualTo(1);
    assertThat(gateway.get("/api/incidents/1/postmortem", READ).body())
        .contains("open when this was written")
        .contains("Not resolved when this was written.");

    HttpResponse<String> acknowledged =
        gateway.postJson("/api/incidents/1/acknowledge", "{\"by\":\"Carol\"}", WRITE);
    assertThat(acknowledged.statusCode()).isEqualTo(200);
    gateway.awaitNotified();
    HttpResponse<String> second = gateway.post("/api/incidents/1/postmortem", new byte[0], WRITE);
    assertThat(TestGateway.json(second).get("version").asInt()).isEqualTo(2);
    assertThat(gateway.get("/api/incidents/1/postmortem?version=1", READ).body())
        .doesNotContain("Carol");
    assertThat(gateway.get("/api/incidents/1/postmortem", READ).body()).contains("Carol");
  }

  @Test
  void feedback_isRecordedRemembersTheCauseAndFixAndCountsInTheStats() {
    send("orders-disk", "DiskFull", "orders-db", "Disk 97% full on db-1", STARTED, null);
    awaitStatus("/api/incidents/1", 200, Duration.ofSeconds(30));

    HttpResponse<String> given =
        gateway.postJson(
            "/api/incidents/1/feedback",
            "{\"rootCause\": \"disk_full\", \"fixedBy\": \"pruned the WAL archive\","
                + " \"by\": \"carol\", \"notes\": \"archive_command was failing\"}",
            WRITE);
    assertThat(given.statusCode()).as(given.body()).isEqualTo(201);
    assertThat(TestGateway.json(given).get("rootCause").asText()).isEqualTo("disk_full");
    assertThat(TestGateway.json(given).get("diagnosedCause").isNull()).isTrue();
    JsonNode detail = getJson("/api/incidents/1");
    assertThat(detail.get("timeline").findValuesAsText("message"))
        .contains(
            "feedback from carol: the cause was disk full; fixed by pruned the WAL archive;"
                + " archive_command was failing");

    JsonNode stats = getJson("/api/learning/stats");
    assertThat(stats.get("incidentsWithFeedback").asInt()).isEqualTo(1);
    JsonNode disk = stats.get("causes").get(0);
    assertThat(disk.get("cause").asText()).isEqualTo("disk_full");
    assertThat(disk.get("fixes").get(0).get("action").asText()).isEqualTo("pruned the wal archive");
    assertThat(disk.get("fixes").get(0).get("share").asDouble()).isEqualTo(1.0);

    await(
        () -> {
          JsonNode found = getJson("/api/incidents/similar?q=disk+full&cause=disk_full");
          return found.get("items").size() == 1
              && found.get("items").get(0).get("resolution").asText().startsWith("fixed by pruned");
        },
        Duration.ofSeconds(30),
        "the memory to take the confirmed cause and fix");

    assertFeedbackError("{}", 400, "say something");
    assertFeedbackError("{\"rootCause\": \"gremlins\"}", 400, "unknown cause 'gremlins'");
    assertFeedbackError("{\"fixedBy\": 3}", 400, "field 'fixedBy' must be a string");
    assertFeedbackError("{\"rootCauseCorrect\": \"yes\"}", 400, "must be true or false");
    assertFeedbackError("{\"rating\": 5}", 400, "unknown field 'rating'");
    assertFeedbackError("[1]", 400, "expected a JSON object");
    assertFeedbackError("{\"rootCauseCorrect\": true}", 409, "has no diagnosis to judge");
    assertThat(
            gateway.postJson("/api/incidents/1/feedback", "{\"notes\": \"x\"}", READ).statusCode())
        .isEqualTo(403);
    assertThat(
            gateway
                .post(
                    "/api/incidents/1/feedback",
                    "{}".getBytes(),
                    WRITE[0],
                    WRITE[1],
                    "Content-Type",
                    "text/plain")
                .statusCode())
        .isEqualTo(415);
    assertThat(
            gateway.postJson("/api/incidents/9/feedback", "{\"notes\": \"x\"}", WRITE).statusCode())
        .isEqualTo(404);
  }

  private void assertFeedbackError(String body, int status, String message) {
    HttpResponse<String> response = gateway.postJson("/api/incidents/1/feedback", body, WRITE);
    assertThat(response.statusCode()).as(body + " " + response.body()).isEqualTo(status);
    assertThat(TestGateway.json(response).get("message").asText()).as(body).contains(message);
  }

  @Test
  void badRequests_getAClearFourHundred() {
    send("payments-latency", "HighLatency", "payments", "p99 above 2 s", STARTED, null);
    awaitStatus("/api/incidents/1", 200, Duration.ofSeconds(30));
    assertError("/api/incidents/similar", 400, "q:");
    assertError("/api/incidents/similar?q=", 400, "q:");
    assertError("/api/incidents/similar?q=x&k=0", 400, "k: must be between 1 and 50");
    assertError("/api/incidents/similar?q=x&k=ten", 400, "k: must be between 1 and 50");
    assertError("/api/incidents/similar?q=x&min=2", 400, "min: must be a number from -1 to 1");
    assertError("/api/incidents/similar?q=x&cause=gremlins", 400, "cause:");
    assertError("/api/incidents/similar?q=x&from=yesterday", 400, "from: expected an RFC 3339");
    assertError("/api/incidents/similar?q=x&top=3", 400, "unknown query parameter 'top'");
    assertError("/api/incidents/similar?q=" + "x".repeat(4_001), 400, "at most 4000");
    assertError("/api/incidents/abc/similar", 400, "incident id must be a positive whole number");
    assertError("/api/incidents/99/similar", 404, "no incident 99");
    assertError("/api/incidents/99/postmortem", 404, "no incident 99");
    assertError("/api/incidents/1/postmortem", 404, "has no postmortem yet");
    assertError("/api/incidents/1/postmortem?version=0", 400, "version");
    assertThat(gateway.get("/api/incidents/similar?q=x").statusCode()).isEqualTo(401);
  }

  @Test
  void memoryOff_answersConflictAndWritesNothing() {
    gateway.close();
    gateway =
        TestGateway.start(
            directory.resolve("off"),
            Map.of("FIREBREAK_API_WRITE_TOKEN", "writer-token", "FIREBREAK_MEMORY", "off"));
    assertError("/api/incidents/similar?q=x", 409, "FIREBREAK_MEMORY=off");
  }

  private void assertError(String path, int status, String message) {
    HttpResponse<String> response = gateway.get(path, WRITE);
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
    assertThat(TestGateway.json(response).get("message").asText()).as(path).contains(message);
  }

  private void send(
      String group,
      String alertname,
      String service,
      String summary,
      Instant startsAt,
      Instant endsAt) {
    ObjectNode body = TestGateway.JSON.createObjectNode();
    body.put("version", "4");
    body.put("groupKey", "{}:{group=\"" + group + "\"}");
    body.put("status", endsAt == null ? "firing" : "resolved");
    body.put("receiver", "firebreak");
    body.putObject("groupLabels").put("group", group);
    body.putObject("commonLabels").put("alertname", alertname);
    body.putObject("commonAnnotations");
    body.put("externalURL", "http://alertmanager.example.test:9093");
    ArrayNode alerts = body.putArray("alerts");
    ObjectNode alert = alerts.addObject();
    alert.put("status", endsAt == null ? "firing" : "resolved");
    alert
        .putObject("labels")
        .put("alertname", alertname)
        .put("service", service)
        .put("severity", "critical");
    alert.putObject("annotations").put("summary", summary);
    alert.put("startsAt", startsAt.toString());
    alert.put("endsAt", endsAt == null ? "0001-01-01T00:00:00Z" : endsAt.toString());
    alert.put("generatorURL", "http://prometheus.example.test:9090/graph");
    alert.put("fingerprint", Integer.toHexString(group.hashCode()));
    HttpResponse<String> response =
        gateway.postJson("/webhooks/alertmanager", body.toString(), "Authorization", "Bearer am");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private List<String> timelineKinds(long id) {
    HttpResponse<String> response = gateway.get("/api/incidents/" + id, WRITE);
    if (response.statusCode() != 200) {
      return List.of();
    }
    return TestGateway.json(response).get("timeline").findValuesAsText("kind");
  }

  private JsonNode getJson(String path) {
    HttpResponse<String> response = gateway.get(path, WRITE);
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return TestGateway.json(response);
  }

  private HttpResponse<String> awaitStatus(String path, int status, Duration timeout) {
    @SuppressWarnings("unchecked")
    HttpResponse<String>[] last = new HttpResponse[1];
    await(
        () -> {
          last[0] = gateway.get(path, WRITE);
          return last[0].statusCode() == status;
        },
        timeout,
        path + " to answer " + status);
    return last[0];
  }

  /** Polls a condition (the work happens on background threads) until it holds or time runs out. */
  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
