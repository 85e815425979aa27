package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sender as it really sends, run on each store: Grafana alerting's documented webhook,
 * Alertmanager before 0.19 (no fingerprint), groups whose alerts arrive out of time order in
 * one request and across several, Datadog's template, and a PagerDuty incident's whole life as
 * its V3 webhooks describe it. Asserts what is stored and what the timeline says.
 */
abstract class SenderCompatibilityContract {

  @TempDir Path directory;

  /** Settings that point the gateway at this suite's store. */
  abstract Map<String, String> storeSettings() throws Exception;

  void dropStore() throws Exception {}

  @AfterEach
  void cleanUp() throws Exception {
    dropStore();
  }

  /**
   * Memory is off (TestGateway's default): its entries (look-alikes, postmortems) are dated by
   * the clock, not by the senders, and this contract is about what senders said.
   */
  TestGateway start() throws Exception {
    return TestGateway.start(directory, storeSettings());
  }

  // ---- Grafana -----------------------------------------------------------------------------

  @Test
  void grafana_documentedWebhookIsStoredWithItsLinksAndValues() throws Exception {
    String body = resource("grafana-webhook.json");
    try (TestGateway gateway = start()) {
      HttpResponse<String> answer = gateway.postJson("/webhooks/grafana", body);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      assertThat(TestGateway.json(answer).get("accepted").asInt()).isEqualTo(2);
      HttpResponse<String> again = gateway.postJson("/webhooks/grafana", body);
      assertThat(TestGateway.json(again).get("duplicates").asInt()).isEqualTo(2);
      gateway.awaitCorrelated();

      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("sources")).extracting(JsonNode::asText).containsExactly("grafana");
      assertThat(incident.get("title").asText())
          .isEqualTo("This alert was triggered for zone us-1");
      assertThat(incident.get("openedAt").asText()).isEqualTo("2026-11-21T07:51:03.157076Z");
      assertThat(incident.get("service").asText()).isEqualTo("checkout");
      JsonNode memory = incident.get("signals").get(0);
      assertThat(memory.get("source").asText()).isEqualTo("grafana");
      assertThat(memory.get("alertKey").asText()).isEqualTo("c6eadffa33fcdf37");
      assertThat(memory.get("links").get("silence").asText())
          .startsWith("https://grafana.example.test/alerting/silence/new");
      assertThat(memory.get("links").get("dashboard").asText())
          .isEqualTo("https://grafana.example.test/d/abcd1234");
      assertThat(memory.get("links").get("panel").asText()).endsWith("viewPanel=2");
      assertThat(memory.get("links").get("image").asText()).endsWith(".png");
      assertThat(memory.get("links").get("grafana").asText())
          .isEqualTo("https://grafana.example.test/");
      assertThat(memory.get("links").get("runbook").asText())
          .isEqualTo("https://runbooks.example.test/memory");
      assertThat(memory.get("annotations").get("values").asText())
          .isEqualTo("B=44.23943737541908, C=1");
      assertThat(memory.get("annotations").get("valueString").asText()).startsWith("[ var='B'");
      JsonNode cpu = incident.get("signals").get(1);
      assertThat(cpu.get("links").has("dashboard")).as("empty URLs are left out").isFalse();
      assertThat(cpu.get("annotations").get("values").asText()).isEqualTo("B=82.31, C=1");
      assertThat(TestGateway.json(gateway.get("/api/incidents?source=grafana")).get("items"))
          .hasSize(1);
    }
  }

  @Test
  void grafana_onTheAlertmanagerEndpointIsReadAsAlertmanager() throws Exception {
    try (TestGateway gateway = start()) {
      HttpResponse<String> answer =
          gateway.postJson("/webhooks/alertmanager", resource("grafana-webhook.json"));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      assertThat(TestGateway.json(answer).get("accepted").asInt()).isEqualTo(2);
      gateway.awaitCorrelated();
      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("sources"))
          .extracting(JsonNode::asText)
          .containsExactly("alertmanager");
      assertThat(incident.get("signals").get(0).get("links").has("silence")).isTrue();
    }
  }

  @Test
  void grafana_unknownVersionIsRefusedNamingWhatIsRead() throws Exception {
    try (TestGateway gateway = start()) {
      HttpResponse<String> answer =
          gateway.postJson(
              "/webhooks/grafana",
              resource("grafana-webhook.json").replace("\"version\": \"1\"", "\"version\": \"7\""));
      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(answer.body())
          .contains("$.version")
          .contains("\\\"4\\\" (Alertmanager)")
          .contains("\\\"1\\\" (Grafana alerting)");
    }
  }

  // ---- Alertmanager 0.25, recorded ---------------------------------------------------------

  @Test
  void alertmanager025_everyRecordedNotificationGivesAConsistentHistory() throws Exception {
    try (TestGateway gateway = start()) {
      for (JsonNode request : Fixtures.allCapturedRequests()) {
        post(
            gateway,
            "/webhooks/alertmanager",
            TestGateway.JSON.writeValueAsString(request.get("body")));
      }
      gateway.awaitCorrelated();
      JsonNode items = TestGateway.json(gateway.get("/api/incidents?limit=50")).get("items");
      Map<String, JsonNode> byTitle = new java.util.HashMap<>();
      for (JsonNode item : items) {
        JsonNode incident = TestGateway.json(gateway.get("/api/incidents/" + item.get("id")));
        assertConsistentTimes(incident);
        byTitle.put(incident.get("title").asText(), incident);
        for (JsonNode signal : incident.get("signals")) {
          assertThat(signal.get("alertKey").asText()).matches("[0-9a-f]{16}");
        }
      }
      // checkout-2 resolved first, checkout-1 later: resolved once, when the last one did.
      JsonNode errors = byTitle.get("Checkout 5xx ratio above 5%");
      assertThat(errors.get("status").asText()).isEqualTo("resolved");
      assertThat(timeline(errors))
          .filteredOn(line -> line.contains(" resolved: resolved"))
          .hasSize(1);
      // Fired and resolved five times, a minute apart (within the reopen window): one incident
      // that reopened four times, each reopening after the resolution before it.
      JsonNode demo = byTitle.get("Demo alert that fires in the first 25s of each minute");
      assertThat(demo.get("status").asText()).isEqualTo("resolved");
      List<String> kinds = new ArrayList<>();
      demo.get("timeline")
          .forEach(
              entry -> {
                String kind = entry.get("kind").asText();
                if (!kind.equals("signal")) {
                  kinds.add(kind);
                }
              });
      assertThat(kinds)
          .containsExactly(
              "opened",
              "resolved",
              "reopened",
              "resolved",
              "reopened",
              "resolved",
              "reopened",
              "resolved",
              "reopened",
              "resolved");
    }
  }

  // ---- Alertmanager before 0.19 ------------------------------------------------------------

  @Test
  void alertmanager018_withoutFingerprintIsAcceptedAndItsRedeliveryRecognised() throws Exception {
    String old = resource("alertmanager-0.18.json");
    try (TestGateway gateway = start()) {
      HttpResponse<String> first = gateway.postJson("/webhooks/alertmanager", old);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      assertThat(TestGateway.json(first).get("accepted").asInt()).isEqualTo(1);
      assertThat(
              TestGateway.json(gateway.postJson("/webhooks/alertmanager", old))
                  .get("duplicates")
                  .asInt())
          .isEqualTo(1);
      // The same alert from Alertmanager 0.25, fingerprint included, after an upgrade: the
      // derived fingerprint is the one Alertmanager computes, so it is the same alert.
      ObjectNode upgraded = (ObjectNode) TestGateway.readTree(old);
      ((ObjectNode) upgraded.get("alerts").get(0)).put("fingerprint", "16f2c5345c9b4ae7");
      upgraded.put("truncatedAlerts", 0);
      assertThat(
              TestGateway.json(
                      gateway.postJson(
                          "/webhooks/alertmanager", TestGateway.JSON.writeValueAsString(upgraded)))
                  .get("duplicates")
                  .asInt())
          .isEqualTo(1);
      gateway.awaitCorrelated();
      JsonNode signal = TestGateway.json(gateway.get("/api/incidents/1")).get("signals").get(0);
      assertThat(signal.get("alertKey").asText()).isEqualTo("16f2c5345c9b4ae7");
    }
  }

  // ---- groups out of time order -------------------------------------------------------------

  @Test
  void outOfOrder_inOneRequestTheHistoryIsAsItHappened() throws Exception {
    try (TestGateway gateway = start()) {
      // Listed first: an alert that resolved; second: one that started earlier and fires on.
      post(
          gateway,
          "/webhooks/alertmanager",
          group(
              "firing",
              alert("b", "resolved", "10:00:10", "10:04:00"),
              alert("a", "firing", "10:00:00", null)));
      gateway.awaitCorrelated();

      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("status").asText()).isEqualTo("open");
      assertThat(incident.get("title").asText()).isEqualTo("latency of a");
      assertThat(incident.get("openedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
      assertThat(timeline(incident))
          .containsExactly(
              "10:00:00 opened: opened by alertmanager firing: SlowRequests — latency of a",
              "10:04:00 signal: alertmanager resolved: SlowRequests — latency of b");
      assertConsistentTimes(incident);
    }
  }

  @Test
  void outOfOrder_acrossRequestsAnEarlierStartTakesOverTheOpening() throws Exception {
    try (TestGateway gateway = start()) {
      post(
          gateway,
          "/webhooks/alertmanager",
          group("resolved", alert("b", "resolved", "10:00:10", "10:04:00")));
      gateway.awaitCorrelated();
      assertThat(TestGateway.json(gateway.get("/api/incidents/1")).get("status").asText())
          .isEqualTo("resolved");
      // The notification that says a was firing all along comes later (a retry, a restart).
      post(
          gateway,
          "/webhooks/alertmanager",
          group(
              "firing",
              alert("b", "resolved", "10:00:10", "10:04:00"),
              alert("a", "firing", "10:00:00", null)));
      gateway.awaitCorrelated();

      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("status").asText()).isEqualTo("open");
      assertThat(incident.get("title").asText()).isEqualTo("latency of a");
      assertThat(incident.get("openedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
      assertThat(timeline(incident))
          .containsExactly(
              "10:00:00 opened: opened by alertmanager firing: SlowRequests — latency of a",
              "10:00:10 signal: started: alertmanager resolved: SlowRequests — latency of b",
              "10:04:00 resolved: resolved: no signal is firing any more",
              "10:04:00 reopened: reopened: alertmanager firing: SlowRequests — latency of a");
      assertConsistentTimes(incident);
    }
  }

  @Test
  void outOfOrder_twoRequestsCorrelatedInOneBatchGiveTheSameHistory() throws Exception {
    try (TestGateway gateway = start()) {
      post(
          gateway,
          "/webhooks/alertmanager",
          group("firing", alert("c", "firing", "10:01:00", null)));
      post(
          gateway,
          "/webhooks/alertmanager",
          group(
              "firing",
              alert("c", "firing", "10:01:00", null),
              alert("a", "firing", "10:00:00", null)));
      gateway.awaitCorrelated();
      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("openedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
      assertThat(incident.get("title").asText()).isEqualTo("latency of a");
      assertThat(timeline(incident))
          .containsExactly(
              "10:00:00 opened: opened by alertmanager firing: SlowRequests — latency of a",
              "10:01:00 signal: started: alertmanager firing: SlowRequests — latency of c");
      assertConsistentTimes(incident);
    }
  }

  // ---- Datadog -------------------------------------------------------------------------------

  @Test
  void datadog_templateTriggeredThenRecovered() throws Exception {
    try (TestGateway gateway = start()) {
      post(gateway, "/webhooks/datadog", Fixtures.datadog("dd-1", "Triggered", "cycle-1"));
      post(gateway, "/webhooks/datadog", Fixtures.datadog("dd-2", "Recovered", "cycle-1"));
      gateway.awaitCorrelated();
      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("sources")).extracting(JsonNode::asText).containsExactly("datadog");
      assertThat(incident.get("status").asText()).isEqualTo("resolved");
      assertThat(incident.get("service").asText()).isEqualTo("checkout");
      assertThat(incident.get("signals").get(0).get("links").get("datadog").asText())
          .isEqualTo("https://app.datadoghq.com/monitors/1234");
      assertThat(timeline(incident))
          .hasSize(3)
          .first()
          .asString()
          .contains("opened: opened by datadog Triggered: [Triggered on {service:checkout}]");
    }
  }

  // ---- PagerDuty -----------------------------------------------------------------------------

  @Test
  void lifecycle_followsEveryChangeWithWhoMadeIt() throws Exception {
    try (TestGateway gateway = start()) {
      postPd(
          gateway,
          incidentEvent(
              "ev-01",
              "incident.triggered",
              "10:00:15",
              null,
              "triggered",
              "P3",
              "checkout",
              "Alice"));
      postPd(
          gateway,
          incidentEvent(
              "ev-02",
              "incident.acknowledged",
              "10:02:00",
              "Alice",
              "acknowledged",
              "P3",
              "checkout",
              "Alice"));
      assertIncident(gateway, "acknowledged", "warning", "checkout", "P3");

      // PagerDuty gives an incident back when an acknowledgement times out: no agent.
      postPd(
          gateway,
          incidentEvent(
              "ev-03",
              "incident.unacknowledged",
              "10:03:00",
              null,
              "triggered",
              "P3",
              "checkout",
              "Alice"));
      assertIncident(gateway, "open", "warning", "checkout", "P3");

      postPd(
          gateway,
          incidentEvent(
              "ev-04",
              "incident.reassigned",
              "10:04:00",
              "Bob",
              "triggered",
              "P3",
              "checkout",
              "Carol"));
      postPd(
          gateway,
          remark(
              "ev-05",
              "incident.annotated",
              "10:05:00",
              "Carol",
              "incident_note",
              "content",
              "Rolled back deploy 42"));
      postPd(
          gateway,
          incidentEvent(
              "ev-06",
              "incident.priority_updated",
              "10:06:00",
              "Carol",
              "triggered",
              "P1",
              "checkout",
              "Carol"));
      assertIncident(gateway, "open", "critical", "checkout", "P1");
      postPd(
          gateway,
          incidentEvent(
              "ev-07",
              "incident.service_updated",
              "10:06:30",
              "Carol",
              "triggered",
              "P1",
              "payments",
              "Carol"));
      postPd(
          gateway,
          remark(
              "ev-08",
              "incident.status_update_published",
              "10:07:00",
              "Carol",
              "incident_status_update",
              "message",
              "Mitigated; monitoring"));
      assertIncident(gateway, "open", "critical", "payments", "P1");

      postPd(
          gateway,
          incidentEvent(
              "ev-09",
              "incident.resolved",
              "10:10:00",
              "Carol",
              "resolved",
              "P1",
              "payments",
              "Carol"));
      assertIncident(gateway, "resolved", "critical", "payments", "P1");
      postPd(
          gateway,
          incidentEvent(
              "ev-10",
              "incident.reopened",
              "10:12:00",
              "Dave",
              "triggered",
              "P1",
              "payments",
              "Dave"));
      JsonNode incident = assertIncident(gateway, "open", "critical", "payments", "P1");

      assertThat(incident.get("openedAt").asText()).isEqualTo("2026-11-21T10:00:15Z");
      assertThat(incident.get("updatedAt").asText()).isEqualTo("2026-11-21T10:12:00Z");
      assertThat(incident.get("signals")).hasSize(10);
      List<String> timeline = timeline(incident);
      String name = "PINC123 — Checkout error rate high";
      assertThat(timeline)
          .containsExactly(
              "10:00:15 opened: opened by pagerduty incident.triggered: " + name,
              "10:02:00 signal: pagerduty incident.acknowledged: " + name + " by Alice",
              "10:02:00 acknowledged: acknowledged in pagerduty by Alice",
              "10:03:00 signal: pagerduty incident.unacknowledged: " + name,
              "10:03:00 unacknowledged: unacknowledged in pagerduty",
              "10:04:00 signal: pagerduty incident.reassigned: "
                  + name
                  + "; reassigned to Carol by Bob",
              "10:05:00 note: pagerduty incident.annotated: PINC123 — Checkout error rate high;"
                  + " note: Rolled back deploy 42 by Carol",
              "10:06:00 signal: pagerduty incident.priority_updated: "
                  + name
                  + "; priority changed to P1 by Carol",
              "10:06:00 severity_raised: severity raised from warning to critical by Carol",
              "10:06:30 signal: pagerduty incident.service_updated: "
                  + name
                  + "; moved to service payments by Carol",
              "10:07:00 note: pagerduty incident.status_update_published: "
                  + name
                  + "; status update: Mitigated; monitoring by Carol",
              "10:10:00 signal: pagerduty incident.resolved: " + name + " by Carol",
              "10:10:00 resolved: resolved: no signal is firing any more by Carol",
              "10:12:00 signal: pagerduty incident.reopened: " + name + " by Dave",
              "10:12:00 reopened: reopened: pagerduty incident.reopened: " + name + " by Dave");

      // The same changes as incident events, for the steps that act on them.
      List<String> events = new ArrayList<>();
      TestGateway.json(gateway.get("/api/incidents/1/events"))
          .get("items")
          .forEach(event -> events.add(event.get("kind").asText()));
      assertThat(events)
          .containsExactly(
              "opened",
              "signal",
              "acknowledged",
              "signal",
              "unacknowledged",
              "signal",
              "note",
              "signal",
              "severity_raised",
              "signal",
              "note",
              "signal",
              "resolved",
              "signal",
              "reopened");
      assertThat(gateway.get("/api/incidents/99/events").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void priorityLowered_lowersSeverityAndRemovedPriorityDropsTheLabel() throws Exception {
    try (TestGateway gateway = start()) {
      postPd(
          gateway,
          incidentEvent(
              "ev-1",
              "incident.triggered",
              "10:00:15",
              null,
              "triggered",
              "P1",
              "checkout",
              "Alice"));
      postPd(
          gateway,
          incidentEvent(
              "ev-2",
              "incident.priority_updated",
              "10:01:00",
              "Alice",
              "triggered",
              "P3",
              "checkout",
              "Alice"));
      assertIncident(gateway, "open", "warning", "checkout", "P3");
      postPd(
          gateway,
          incidentEvent(
              "ev-3",
              "incident.priority_updated",
              "10:02:00",
              "Alice",
              "triggered",
              null,
              "checkout",
              "Alice"));
      gateway.awaitCorrelated();
      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("labels").has("priority")).isFalse();
      // Without a priority, PagerDuty's urgency decides: high.
      assertThat(incident.get("severity").asText()).isEqualTo("high");
    }
  }

  @Test
  void remarkAboutAnUnknownIncident_isStoredButOpensNothing() throws Exception {
    try (TestGateway gateway = start()) {
      HttpResponse<String> answer =
          postPd(
              gateway,
              remark(
                  "ev-1",
                  "incident.annotated",
                  "10:05:00",
                  "Carol",
                  "incident_note",
                  "content",
                  "about something else"));
      assertThat(TestGateway.json(answer).get("accepted").asInt()).isEqualTo(1);
      gateway.awaitCorrelated();
      assertThat(TestGateway.json(gateway.get("/api/incidents")).get("items")).isEmpty();
    }
  }

  @Test
  void eventTypesWithoutIncidentMeaning_areAcceptedAndStoreNothing() throws Exception {
    try (TestGateway gateway = start()) {
      for (String type :
          List.of(
              "incident.workflow.started",
              "service.updated",
              "incident.conference_bridge.updated",
              "incident.some_type_added_next_year")) {
        HttpResponse<String> ignored =
            gateway.postJson(
                "/webhooks/pagerduty", Fixtures.pagerDuty("ev-" + type, type, "acknowledged"));
        assertThat(ignored.statusCode()).as(type).isEqualTo(202);
        assertThat(TestGateway.json(ignored).get("ignored").asText())
            .isEqualTo("event type " + type + " is not followed");
        assertThat(TestGateway.json(ignored).get("accepted").asInt()).isZero();
      }
    }
  }

  private static HttpResponse<String> postPd(TestGateway gateway, String body) {
    return post(gateway, "/webhooks/pagerduty", body);
  }

  private static HttpResponse<String> post(TestGateway gateway, String path, String body) {
    HttpResponse<String> answer = gateway.postJson(path, body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    return answer;
  }

  private static String resource(String name) throws Exception {
    try (var in = SenderCompatibilityContract.class.getResourceAsStream("/senders/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * "HH:MM:SS kind: message" for each entry the senders caused, in the API's order. Escalation
   * decisions are left out: they are Firebreak's own, made in the background as the events
   * arrive, and have their own suites.
   */
  private static List<String> timeline(JsonNode incident) {
    List<String> lines = new ArrayList<>();
    incident
        .get("timeline")
        .forEach(
            entry -> {
              if (!entry.get("kind").asText().equals("escalated")) {
                lines.add(
                    entry.get("at").asText().substring(11, 19)
                        + " "
                        + entry.get("kind").asText()
                        + ": "
                        + entry.get("message").asText());
              }
            });
    return lines;
  }

  /** Opened first, updated last, every entry in between and in time order. */
  private static void assertConsistentTimes(JsonNode incident) {
    Instant opened = Instant.parse(incident.get("openedAt").asText());
    Instant updated = Instant.parse(incident.get("updatedAt").asText());
    assertThat(updated).isAfterOrEqualTo(opened);
    Instant previous = opened;
    for (JsonNode entry : incident.get("timeline")) {
      if (entry.get("kind").asText().equals("escalated")) {
        continue;
      }
      Instant at = Instant.parse(entry.get("at").asText());
      assertThat(at).as(entry.toString()).isAfterOrEqualTo(previous);
      previous = at;
    }
    assertThat(incident.get("timeline").get(0).get("kind").asText()).isEqualTo("opened");
  }

  /** An Alertmanager notification of the SlowRequests group with these alerts. */
  private static String group(String status, String... alerts) {
    return """
        {"receiver":"firebreak","status":"%s","alerts":[%s],
         "groupLabels":{"alertname":"SlowRequests"},"commonLabels":{"alertname":"SlowRequests"},
         "commonAnnotations":{},"externalURL":"http://alertmanager.example.test:9093",
         "version":"4","groupKey":"{}:{alertname=\\"SlowRequests\\"}","truncatedAlerts":0}
        """
        .formatted(status, String.join(",", alerts));
  }

  private static String alert(String instance, String status, String start, String end) {
    return """
        {"status":"%s","labels":{"alertname":"SlowRequests","instance":"%s",
          "service":"checkout","severity":"warning"},
         "annotations":{"summary":"latency of %s"},"startsAt":"2026-11-21T%sZ",
         "endsAt":"%s","generatorURL":"http://prometheus.example.test/graph",
         "fingerprint":"fp-%s"}
        """
        .formatted(
            status,
            instance,
            instance,
            start,
            end == null ? "0001-01-01T00:00:00Z" : "2026-11-21T" + end + "Z",
            instance);
  }

  private static JsonNode assertIncident(
      TestGateway gateway, String status, String severity, String service, String priority)
      throws Exception {
    gateway.awaitCorrelated();
    JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
    assertThat(incident.get("status").asText()).isEqualTo(status);
    assertThat(incident.get("severity").asText()).isEqualTo(severity);
    assertThat(incident.get("service").asText()).isEqualTo(service);
    assertThat(incident.get("labels").get("service").asText()).isEqualTo(service);
    assertThat(incident.get("labels").get("priority").asText()).isEqualTo(priority);
    return incident;
  }

  /** An event whose data is the incident as PagerDuty's V3 webhooks document it. */
  private static String incidentEvent(
      String id,
      String type,
      String time,
      String agent,
      String status,
      String priority,
      String service,
      String assignee)
      throws Exception {
    ObjectNode event = envelope(id, type, time, agent);
    ObjectNode data = event.putObject("data");
    data.put("id", "PINC123")
        .put("type", "incident")
        .put("number", 4711)
        .put("status", status)
        .put("incident_key", "checkout-errors")
        .put("title", "Checkout error rate high")
        .put("created_at", "2026-11-21T10:00:15Z")
        .put("urgency", "high")
        .put("self", "https://api.pagerduty.com/incidents/PINC123")
        .put("html_url", "https://acme.pagerduty.com/incidents/PINC123");
    data.putObject("service")
        .put("id", "PSVC-" + service)
        .put("type", "service_reference")
        .put("summary", service);
    data.putArray("assignees")
        .addObject()
        .put("id", "PUSER-" + assignee)
        .put("type", "user_reference")
        .put("summary", assignee);
    data.putObject("escalation_policy")
        .put("id", "PEP1")
        .put("type", "escalation_policy_reference")
        .put("summary", "Checkout on-call");
    if (priority == null) {
      data.putNull("priority");
    } else {
      data.putObject("priority")
          .put("id", "PPRI-" + priority)
          .put("type", "priority_reference")
          .put("summary", priority);
    }
    data.putNull("resolve_reason");
    return TestGateway.JSON.writeValueAsString(wrap(event));
  }

  /** An event whose data is a note, status update or responder request about the incident. */
  private static String remark(
      String id,
      String type,
      String time,
      String agent,
      String dataType,
      String textField,
      String text)
      throws Exception {
    ObjectNode event = envelope(id, type, time, agent);
    ObjectNode data = event.putObject("data");
    data.putObject("incident")
        .put("id", "PINC123")
        .put("type", "incident_reference")
        .put("summary", "Checkout error rate high")
        .put("html_url", "https://acme.pagerduty.com/incidents/PINC123");
    data.put("id", "PNOTE-" + id).put(textField, text).put("trimmed", false).put("type", dataType);
    return TestGateway.JSON.writeValueAsString(wrap(event));
  }

  private static ObjectNode envelope(String id, String type, String time, String agent) {
    ObjectNode event = TestGateway.JSON.createObjectNode();
    event
        .put("id", id)
        .put("event_type", type)
        .put("resource_type", "incident")
        .put("occurred_at", "2026-11-21T" + time + "Z");
    if (agent == null) {
      event.putNull("agent");
    } else {
      event
          .putObject("agent")
          .put("id", "PUSER-" + agent)
          .put("type", "user_reference")
          .put("summary", agent);
    }
    event.putObject("client").put("name", "PagerDuty");
    return event;
  }

  private static ObjectNode wrap(ObjectNode event) {
    ObjectNode body = TestGateway.JSON.createObjectNode();
    body.set("event", event);
    return body;
  }
}
