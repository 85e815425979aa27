package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PagerDuty's acknowledgements move the incident; event types without alert state do not. */
class PagerDutyLifecycleTest {

  @TempDir Path directory;

  @Test
  void acknowledged_acknowledgesTheIncidentAndUntrackedTypesStoreNothing() {
    try (TestGateway gateway = TestGateway.start(directory, Map.of())) {
      assertThat(gateway.postJson("/webhooks/pagerduty",
          Fixtures.pagerDuty("ev-1", "incident.triggered", "triggered")).statusCode())
          .isEqualTo(202);
      HttpResponse<String> ack = gateway.postJson("/webhooks/pagerduty",
          Fixtures.pagerDuty("ev-2", "incident.acknowledged", "acknowledged"));
      assertThat(TestGateway.json(ack).get("accepted").asInt()).isEqualTo(1);
      for (String type : List.of("incident.annotated", "incident.reassigned",
          "incident.responder.added", "incident.workflow.started", "service.updated",
          "incident.some_type_added_next_year")) {
        HttpResponse<String> ignored = gateway.postJson("/webhooks/pagerduty",
            Fixtures.pagerDuty("ev-" + type, type, "acknowledged"));
        assertThat(ignored.statusCode()).as(type).isEqualTo(202);
        assertThat(TestGateway.json(ignored).get("ignored").asText())
            .isEqualTo("event type " + type + " is not tracked");
        assertThat(TestGateway.json(ignored).get("accepted").asInt()).isZero();
      }
      gateway.awaitCorrelated();

      JsonNode incident = TestGateway.json(gateway.get("/api/incidents/1"));
      assertThat(incident.get("status").asText()).isEqualTo("acknowledged");
      assertThat(incident.get("acknowledgedAt").asText()).isEqualTo("2026-11-21T10:07:44.120Z");
      assertThat(incident.get("signals")).hasSize(2);
      List<String> timeline = new ArrayList<>();
      incident.get("timeline").forEach(entry -> timeline.add(entry.get("kind").asText() + ": "
          + entry.get("message").asText()));
      assertThat(timeline).contains(
          "acknowledged: acknowledged in pagerduty by On-call Engineer");
      assertThat(gateway.get("/api/incidents").body()).contains("\"id\":1")
          .doesNotContain("\"id\":2");

      // Resolved in PagerDuty: the incident follows.
      gateway.postJson("/webhooks/pagerduty",
          Fixtures.pagerDuty("ev-3", "incident.resolved", "resolved"));
      gateway.awaitCorrelated();
      assertThat(TestGateway.json(gateway.get("/api/incidents/1")).get("status").asText())
          .isEqualTo("resolved");
    }
  }
}
