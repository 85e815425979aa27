package dev.firebreak.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The object mother for webhook bodies: payloads captured from a real Alertmanager 0.25 in
 * {@code ../shared/fixtures/captured/}, and Datadog and PagerDuty bodies shaped as their
 * documentation describes.
 */
public final class Fixtures {

  public static final Path CAPTURED = locateCaptured();

  private Fixtures() {}

  private static Path locateCaptured() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/fixtures/captured");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      Path sibling = dir.resolveSibling("shared").resolve("fixtures/captured");
      if (Files.isDirectory(sibling)) {
        return sibling;
      }
    }
    throw new IllegalStateException("../shared/fixtures/captured not found from " + here);
  }

  /** The body of a captured Alertmanager request, e.g. "alertmanager-firing-bearer". */
  static String captured(String name) {
    try {
      JsonNode capture = TestGateway.JSON.readTree(CAPTURED.resolve(name + ".json").toFile());
      return TestGateway.JSON.writeValueAsString(capture.get("body"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode capturedObject(String name) {
    try {
      return (ObjectNode) TestGateway.JSON.readTree(captured(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every request the real Alertmanager sent in the captured run, in order. */
  static List<JsonNode> allCapturedRequests() {
    try {
      List<JsonNode> requests = new ArrayList<>();
      for (String line : Files.readAllLines(CAPTURED.resolve("alertmanager-all-requests.jsonl"))) {
        if (!line.isBlank()) {
          requests.add(TestGateway.JSON.readTree(line));
        }
      }
      return requests;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String datadog(String eventId, String transition, String cycleKey) {
    return """
        {"source":"datadog","event_id":"%s","monitor_id":"1234","cycle_key":"%s",
         "aggreg_key":"9bd4ac313a4d1e8fae2482df7b77628","transition":"%s","alert_type":"error",
         "priority":"P2","title":"[Triggered on {service:checkout}] Checkout errors",
         "status_text":"errors > 5","scope":"service:checkout,env:prod",
         "query":"sum:trace.http.request.errors{service:checkout}","hostname":"web-1",
         "tags":"env:prod,service:checkout,team:payments","service":"checkout",
         "link":"https://app.datadoghq.com/monitors/1234","date_ms":"1763722800000",
         "message":"Checkout errors are high","org":{"id":"11","name":"Acme"}}
        """
        .formatted(eventId, cycleKey, transition);
  }

  static String pagerDuty(String eventId, String eventType, String status) {
    return """
        {"event":{"id":"%s","event_type":"%s","resource_type":"incident",
         "occurred_at":"2026-11-21T10:07:44.120Z",
         "agent":{"id":"PUSER01","type":"user_reference","summary":"On-call Engineer"},
         "client":null,
         "data":{"id":"PINC123","type":"incident","number":4711,"status":"%s",
          "incident_key":"checkout-errors","title":"Checkout error rate high",
          "created_at":"2026-11-21T10:00:15Z","urgency":"high",
          "service":{"id":"PSVC001","type":"service_reference","summary":"checkout"},
          "assignees":[],"teams":[],"priority":{"id":"PPRI1","summary":"P1"},
          "resolve_reason":null,"self":"https://api.pagerduty.com/incidents/PINC123",
          "html_url":"https://acme.pagerduty.com/incidents/PINC123"}}}
        """
        .formatted(eventId, eventType, status);
  }

  static String pagerDutyPing() {
    return """
        {"event":{"id":"01PING","event_type":"pagey.ping","resource_type":"pagey",
         "occurred_at":"2026-11-21T10:07:44.120Z","agent":null,"client":null,
         "data":{"type":"ping","message":"Hello from your friend Pagey!"}}}
        """;
  }

  static String pagerDutyV2(String messageId, String event, String status) {
    return """
        {"messages":[{"id":"%s","event":"%s","created_on":"2026-11-21T10:07:44Z",
         "incident":{"id":"PINCV2","incident_number":17,"title":"Disk full on db-1",
          "status":"%s","incident_key":"disk-db-1","created_at":"2026-11-21T10:00:00Z",
          "html_url":"https://acme.pagerduty.com/incidents/PINCV2","urgency":"low",
          "service":{"id":"PSVC2","name":"database","summary":"database"}},
         "webhook":{"name":"legacy"},"log_entries":[]}]}
        """
        .formatted(messageId, event, status);
  }
}
