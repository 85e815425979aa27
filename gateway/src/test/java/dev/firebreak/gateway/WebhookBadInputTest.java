package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input on every webhook endpoint gets the right 4xx with a message saying
 * what was wrong, and stores nothing.
 */
class WebhookBadInputTest {

  private static final int MAX_BODY = 64 * 1024;

  @TempDir static Path directory;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_MAX_BODY_BYTES", Integer.toString(MAX_BODY),
                "FIREBREAK_MAX_LABELS", "20",
                "FIREBREAK_MAX_ALERTS_PER_REQUEST", "50"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  record Case(
      String name, String path, String contentType, byte[] body, int status, String message) {
    @Override
    public String toString() {
      return path.substring("/webhooks/".length()) + ": " + name;
    }
  }

  static Case json(String name, String path, String body, int status, String message) {
    return new Case(
        name, path, "application/json", body.getBytes(StandardCharsets.UTF_8), status, message);
  }

  static String am(java.util.function.Consumer<ObjectNode> change) {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    change.accept(body);
    return body.toString();
  }

  static ObjectNode firstAlert(ObjectNode body) {
    return (ObjectNode) body.get("alerts").get(0);
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String path :
        List.of("/webhooks/alertmanager", "/webhooks/datadog", "/webhooks/pagerduty")) {
      cases.add(
          json("malformed JSON", path, "{\"version\": 4,,}", 400, "malformed JSON at" + " line 1"));
      cases.add(
          json(
              "truncated JSON", path, "{\"version\": \"4\", \"alerts\": [", 400, "malformed JSON"));
      cases.add(json("empty body", path, "", 400, "empty body"));
      cases.add(
          json(
              "not an object",
              path,
              "[1, 2]",
              400,
              "$: expected a JSON object, got an" + " array"));
      cases.add(json("trailing garbage", path, "{} {}", 400, "malformed JSON"));
      cases.add(json("duplicate key", path, "{\"a\": 1, \"a\": 2}", 400, "Duplicate field"));
      cases.add(
          json("nesting too deep", path, "[".repeat(200) + "]".repeat(200), 400, "malformed JSON"));
      cases.add(
          new Case(
              "wrong content type",
              path,
              "text/plain",
              "{}".getBytes(StandardCharsets.UTF_8),
              415,
              "expected Content-Type application/json," + " got 'text/plain'"));
      cases.add(
          new Case(
              "no content type",
              path,
              null,
              "{}".getBytes(StandardCharsets.UTF_8),
              415,
              "got none"));
      cases.add(
          new Case(
              "body over the limit",
              path,
              "application/json",
              ("{\"x\": \"" + "a".repeat(MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8),
              413,
              "larger than the limit of " + MAX_BODY + " bytes"));
      cases.add(
          json(
              "control character in a string", path, "{\"a\": \"\u0000\"}", 400, "malformed JSON"));
      cases.add(
          new Case(
              "invalid UTF-8",
              path,
              "application/json",
              new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
              400,
              "Invalid UTF-8"));
      cases.add(json("trailing content", path, "{} x", 400, "malformed JSON"));
    }
    String am = "/webhooks/alertmanager";
    cases.add(
        json(
            "wrong version",
            am,
            am(b -> b.put("version", "3")),
            400,
            "$.version: unsupported payload version \"3\""));
    cases.add(
        json(
            "version as number",
            am,
            am(b -> b.put("version", 4)),
            400,
            "$.version: expected a string, got the number 4"));
    cases.add(
        json(
            "missing groupKey",
            am,
            am(b -> b.remove("groupKey")),
            400,
            "$.groupKey: missing; expected a string"));
    cases.add(
        json(
            "unknown status",
            am,
            am(b -> b.put("status", "burning")),
            400,
            "$.status: expected one of [firing, resolved], got \"burning\""));
    cases.add(
        json(
            "alerts not an array",
            am,
            am(b -> b.put("alerts", "none")),
            400,
            "$.alerts: expected an array, got the string \"none\""));
    cases.add(
        json(
            "alert not an object",
            am,
            am(b -> ((ArrayNode) b.get("alerts")).add(7)),
            400,
            "$.alerts[2]: expected an object, got the number 7"));
    cases.add(
        json(
            "invalid startsAt",
            am,
            am(b -> firstAlert(b).put("startsAt", "yesterday")),
            400,
            "$.alerts[0].startsAt: expected an RFC 3339 timestamp, got \"yesterday\""));
    cases.add(
        json(
            "invalid endsAt",
            am,
            am(b -> firstAlert(b).put("endsAt", "2026-13-01")),
            400,
            "$.alerts[0].endsAt: expected an RFC 3339 timestamp"));
    cases.add(
        json(
            "label value not a string",
            am,
            am(b -> ((ObjectNode) firstAlert(b).get("labels")).put("replicas", 3)),
            400,
            "$.alerts[0].labels.replicas: expected a string, got the number 3"));
    cases.add(
        json(
            "too many labels",
            am,
            am(
                b -> {
                  ObjectNode labels = (ObjectNode) firstAlert(b).get("labels");
                  for (int i = 0; i < 30; i++) {
                    labels.put("l" + i, "v");
                  }
                }),
            400,
            "$.alerts[0].labels: 35 entries, more than the limit of 20"));
    cases.add(
        json(
            "label name too long",
            am,
            am(b -> ((ObjectNode) firstAlert(b).get("labels")).put("x".repeat(2000), "v")),
            400,
            "longer than the limit of 1024"));
    cases.add(
        json(
            "no labels",
            am,
            am(b -> firstAlert(b).putObject("labels")),
            400,
            "$.alerts[0].labels: an alert needs at least one label"));
    // A missing fingerprint is Alertmanager before 0.19 and is derived; an empty one is wrong.
    cases.add(
        json(
            "empty fingerprint",
            am,
            am(b -> firstAlert(b).put("fingerprint", " ")),
            400,
            "$.alerts[0].fingerprint: must not be empty"));
    cases.add(
        json(
            "Grafana values not numbers",
            "/webhooks/grafana",
            am(
                b -> {
                  b.put("version", "1");
                  firstAlert(b).putObject("values").putArray("B");
                }),
            400,
            "$.alerts[0].values.B: expected a number, got"));
    cases.add(
        json(
            "negative truncatedAlerts",
            am,
            am(b -> b.put("truncatedAlerts", -1)),
            400,
            "$.truncatedAlerts: expected a non-negative integer, got the number -1"));
    cases.add(
        json(
            "too many alerts",
            am,
            am(
                b -> {
                  ArrayNode alerts = (ArrayNode) b.get("alerts");
                  for (int i = 0; i < 60; i++) {
                    alerts.add(alerts.get(0).deepCopy());
                  }
                }),
            400,
            "$.alerts: 62 items, more than the limit of 50"));

    String dd = "/webhooks/datadog";
    cases.add(
        json(
            "default Datadog template",
            dd,
            "{\"body\":\"x\",\"last_updated\":\"1\","
                + "\"event_type\":\"query_alert_monitor\",\"title\":\"t\",\"date\":\"1\",\"id\":\"9\"}",
            400,
            "$.event_id: missing; set it to \"$ID\""));
    cases.add(
        json(
            "unknown transition",
            dd,
            Fixtures.datadog("e1", "Exploded", "c1"),
            400,
            "$.transition: unknown transition \"Exploded\""));
    cases.add(
        json(
            "transition not a string",
            dd,
            Fixtures.datadog("e1", "Triggered", "c1")
                .replace("\"transition\":\"Triggered\"", "\"transition\":true"),
            400,
            "$.transition: expected a string, got true"));
    cases.add(
        json(
            "bad date",
            dd,
            Fixtures.datadog("e1", "Triggered", "c1").replace("1763722800000", "soon"),
            400,
            "$.date_ms: expected epoch milliseconds"));
    cases.add(
        json(
            "no alert identity",
            dd,
            Fixtures.datadog("e1", "Triggered", "$ALERT_CYCLE_KEY").replace("\"1234\"", "\"\""),
            400,
            "needs cycle_key"));

    String pd = "/webhooks/pagerduty";
    cases.add(
        json(
            "neither V3 nor V2",
            pd,
            "{\"hello\": 1}",
            400,
            "expected a V3 webhook ({\"event\": …}) or a V2 one"));
    cases.add(
        json(
            "event not an object",
            pd,
            "{\"event\": []}",
            400,
            "$.event: expected an object, got an array"));
    cases.add(
        json(
            "missing event id",
            pd,
            Fixtures.pagerDuty("", "incident.triggered", "triggered"),
            400,
            "$.event.id: must not be empty"));
    cases.add(
        json(
            "invalid occurred_at",
            pd,
            Fixtures.pagerDuty("e1", "incident.triggered", "triggered")
                .replace("2026-11-21T10:07:44.120Z", "10:07"),
            400,
            "$.event.occurred_at: expected an RFC 3339 timestamp"));
    cases.add(
        json(
            "unknown incident status",
            pd,
            Fixtures.pagerDuty("e1", "incident.triggered", "exploded"),
            400,
            "$.event.data.status: expected one of [triggered, acknowledged," + " resolved]"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput_getsClear4xxAndStoresNothing(Case c) {
    HttpResponse<String> response =
        c.contentType == null
            ? gateway.post(c.path, c.body)
            : gateway.post(c.path, c.body, "Content-Type", c.contentType);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(c.status);
    var json = TestGateway.json(response);
    assertThat(json.get("message").asText()).contains(c.message);
    assertThat(json.get("error").asText()).isNotBlank();
    assertThat(gateway.store.incidents().pendingSignalCount()).isZero();
    assertThat(
            gateway
                .store
                .incidents()
                .list(dev.firebreak.analysis.port.IncidentQuery.all(10))
                .items())
        .isEmpty();
  }
}
