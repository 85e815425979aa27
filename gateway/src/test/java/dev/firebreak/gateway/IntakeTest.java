package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.IncidentQuery;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What intake stores, what redeliveries change (nothing) and how incidents follow signals. */
class IntakeTest {

  @TempDir Path directory;
  TestGateway gateway;

  @BeforeEach
  void start() {
    gateway = TestGateway.start(directory, Map.of());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> am(String body) {
    return gateway.postJson("/webhooks/alertmanager", body);
  }

  @Test
  void intake_ignoresRedeliveredAlertmanagerGroup() {
    String body = Fixtures.captured("alertmanager-firing-bearer");
    HttpResponse<String> first = am(body);
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).isEqualTo("{\"accepted\":2,\"duplicates\":0}");
    // The repeat-interval capture is the same group re-sent by the real Alertmanager.
    HttpResponse<String> again = am(body);
    assertThat(again.body()).isEqualTo("{\"accepted\":0,\"duplicates\":2}");
    gateway.awaitCorrelated();
    var incidents = gateway.store.incidents().list(IncidentQuery.all(10)).items();
    assertThat(incidents)
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.signalCount()).isEqualTo(2);
              assertThat(incident.service()).isEqualTo("checkout");
              assertThat(incident.severity().wireName()).isEqualTo("critical");
            });
  }

  @Test
  void intake_replaysEveryCapturedAlertmanagerRequest() {
    int accepted = 0;
    for (JsonNode request : Fixtures.allCapturedRequests()) {
      HttpResponse<String> response = am(request.get("body").toString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      accepted += TestGateway.json(response).get("accepted").asInt();
    }
    gateway.awaitCorrelated();
    var incidents = gateway.store.incidents().list(IncidentQuery.all(100)).items();
    // One incident per Alertmanager group seen in the run, each following its alerts.
    assertThat(incidents).isNotEmpty();
    assertThat(accepted).isLessThan(Fixtures.allCapturedRequests().size() * 2);
    assertThat(incidents)
        .allSatisfy(
            incident -> assertThat(incident.sources()).containsExactly(Source.ALERTMANAGER));
    long resolved =
        incidents.stream().filter(incident -> incident.status() == IncidentStatus.RESOLVED).count();
    assertThat(resolved).isPositive();
  }

  @Test
  void intake_recordsTruncatedAlertsAndAcceptsUnknownFields() {
    ObjectNode body = Fixtures.capturedObject("alertmanager-truncated-basicauth");
    body.put("notification_reason", "first notification");
    body.putObject("routeLabels").put("team", "payments");
    HttpResponse<String> response = am(body.toString());
    assertThat(response.statusCode()).isEqualTo(202);
    gateway.awaitCorrelated();
    long id = gateway.store.incidents().list(IncidentQuery.all(10)).items().get(0).id();
    JsonNode detail = TestGateway.json(gateway.get("/api/incidents/" + id));
    assertThat(detail.get("timeline").toString())
        .contains("\"kind\":\"truncated\"")
        .contains("left 2 alerts out");
    assertThat(gateway.get("/metrics").body())
        .contains("firebreak_alertmanager_truncated_alerts_total 2.0");
  }

  @Test
  void symptomAlertsOfOneServiceInTwoGroups_openOneIncidentThatSaysWhy() {
    ObjectNode errors = Fixtures.capturedObject("alertmanager-firing-bearer");
    ObjectNode latency = errors.deepCopy();
    latency.put("groupKey", "{}:{alertname=\"HighLatency\"}");
    for (JsonNode alert : latency.get("alerts")) {
      ((ObjectNode) alert).put("fingerprint", alert.get("fingerprint").asText() + "-latency");
      ((ObjectNode) alert.get("labels")).put("alertname", "HighLatency");
    }
    assertThat(am(errors.toString()).statusCode()).isEqualTo(202);
    assertThat(am(latency.toString()).statusCode()).isEqualTo(202);
    gateway.awaitCorrelated();

    var incidents = gateway.store.incidents().list(IncidentQuery.all(10)).items();
    assertThat(incidents).hasSize(1);
    JsonNode detail = TestGateway.json(gateway.get("/api/incidents/" + incidents.get(0).id()));
    assertThat(detail.get("timeline").toString())
        .contains("HighLatency")
        .contains("joined: another alertmanager alert group about the same service=checkout");
  }

  @Test
  void intake_resolvesAndReopensFromCapturedLifecycle() {
    // The firing notification that preceded the captured resolution of the same alert.
    ObjectNode firing = Fixtures.capturedObject("alertmanager-from-prometheus-resolved");
    firing.put("status", "firing");
    ((ObjectNode) firing.get("alerts").get(0))
        .put("status", "firing")
        .put("endsAt", "0001-01-01T00:00:00Z");
    am(firing.toString());
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items())
        .singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(IncidentStatus.OPEN));
    am(Fixtures.captured("alertmanager-from-prometheus-resolved"));
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items())
        .singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED));
    am(Fixtures.captured("alertmanager-from-prometheus-refired"));
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IncidentStatus.OPEN);
              assertThat(i.signalCount()).isEqualTo(3);
            });
  }

  @Test
  void intake_datadogCycleResolvesAndRetriesAreDuplicates() {
    String trigger = Fixtures.datadog("7302412345678901234", "Triggered", "cycle-1");
    assertThat(gateway.postJson("/webhooks/datadog", trigger).body())
        .isEqualTo("{\"accepted\":1,\"duplicates\":0}");
    assertThat(gateway.postJson("/webhooks/datadog", trigger).body())
        .isEqualTo("{\"accepted\":0,\"duplicates\":1}");
    gateway.postJson(
        "/webhooks/datadog",
        Fixtures.datadog("7302412345678905678", "Recovered", "cycle-1")
            .replace("\"alert_type\":\"error\"", "\"alert_type\":\"success\""));
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
              assertThat(incident.severity().wireName()).isEqualTo("high");
              assertThat(incident.labels())
                  .containsEntry("env", "prod")
                  .containsEntry("team", "payments")
                  .containsEntry("host", "web-1");
            });
  }

  @Test
  void intake_pagerDutyEventsRetriesPingsAndUnknownTypes() {
    String triggered = Fixtures.pagerDuty("01EVT1", "incident.triggered", "triggered");
    assertThat(gateway.postJson("/webhooks/pagerduty", triggered).statusCode()).isEqualTo(202);
    assertThat(gateway.postJson("/webhooks/pagerduty", triggered).body())
        .isEqualTo("{\"accepted\":0,\"duplicates\":1}");
    HttpResponse<String> ping = gateway.postJson("/webhooks/pagerduty", Fixtures.pagerDutyPing());
    assertThat(ping.statusCode()).isEqualTo(202);
    assertThat(ping.body()).contains("\"ignored\":\"ping\"");
    HttpResponse<String> unknown =
        gateway.postJson(
            "/webhooks/pagerduty",
            "{\"event\":{\"id\":\"01X\",\"event_type\":\"service.created\",\"resource_type\":"
                + "\"service\",\"occurred_at\":\"2026-11-21T10:00:00Z\",\"data\":{\"id\":\"PS\","
                + "\"type\":\"service\"}}}");
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(unknown.body()).contains("not followed");
    gateway.postJson(
        "/webhooks/pagerduty", Fixtures.pagerDuty("01EVT2", "incident.resolved", "resolved"));
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
              assertThat(incident.severity().wireName()).isEqualTo("critical");
              assertThat(incident.service()).isEqualTo("checkout");
            });
  }

  @Test
  void intake_acceptsDeprecatedPagerDutyV2Messages() {
    HttpResponse<String> response =
        gateway.postJson(
            "/webhooks/pagerduty", Fixtures.pagerDutyV2("msg-1", "incident.trigger", "triggered"));
    assertThat(response.body()).isEqualTo("{\"accepted\":1,\"duplicates\":0}");
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.title()).isEqualTo("Disk full on db-1");
              assertThat(incident.severity().wireName()).isEqualTo("warning");
            });
  }

  @Test
  void intake_correlatesAcrossSourcesOnSharedService() throws Exception {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    String now = java.time.Instant.now().toString();
    body.get("alerts").forEach(alert -> ((ObjectNode) alert).put("startsAt", now));
    am(body.toString());
    String datadog =
        Fixtures.datadog("dd-cross", "Triggered", "cycle-cross")
            .replace("1763722800000", Long.toString(System.currentTimeMillis()));
    gateway.postJson("/webhooks/datadog", datadog);
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.sources())
                    .containsExactlyInAnyOrder(Source.ALERTMANAGER, Source.DATADOG));
  }

  @Test
  void intake_answersARepeatedBadPayloadTheSameWayAndCountsIt() throws Exception {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    body.put("version", "5");
    String text = body.toString();
    HttpResponse<String> first = am(text);
    HttpResponse<String> second = am(text);
    HttpResponse<String> third = am(text);
    assertThat(first.statusCode()).isEqualTo(400);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(third.body()).isEqualTo(first.body());
    String digest =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    long deadline = System.currentTimeMillis() + 5000;
    while (gateway.store.intake().rejectedRepeats(Source.ALERTMANAGER, digest).orElse(-1L) < 2
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(gateway.store.intake().rejectedRepeats(Source.ALERTMANAGER, digest)).contains(2L);
    assertThat(gateway.get("/metrics").body())
        .contains(
            "firebreak_webhooks_received_total{outcome=\"rejected_repeat\",source=\"alertmanager\"}"
                + " 2.0");
  }
}
