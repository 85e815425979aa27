package dev.firebreak.tests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Alertmanager webhook notifications for the load the crash and replica suites send. */
final class Notifications {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Notifications() {}

  /**
   * A firing group {@code group} of two alerts, instances {@code a} and {@code b}, each with
   * {@code labels} besides {@code alertname} and {@code instance}; fingerprints {@code group/a}
   * and {@code group/b}.
   */
  static String groupOfTwo(
      String alertname, String group, String startsAt, Map<String, String> labels) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("receiver", "firebreak")
            .put("status", "firing")
            .put("externalURL", "http://am")
            .put("version", "4")
            .put("groupKey", group)
            .put("truncatedAlerts", 0);
    body.putObject("groupLabels");
    body.putObject("commonLabels");
    body.putObject("commonAnnotations");
    ArrayNode alerts = body.putArray("alerts");
    for (String instance : new String[] {"a", "b"}) {
      ObjectNode alert =
          alerts
              .addObject()
              .put("status", "firing")
              .put("startsAt", startsAt)
              .put("endsAt", "0001-01-01T00:00:00Z")
              .put("generatorURL", "")
              .put("fingerprint", group + "/" + instance);
      ObjectNode alertLabels = alert.putObject("labels").put("alertname", alertname);
      labels.forEach(alertLabels::put);
      alertLabels.put("instance", instance);
      alert.putObject("annotations");
    }
    return body.toString();
  }

  /**
   * Posts {@code body} to the gateway's Alertmanager webhook until it answers 202, as
   * Alertmanager re-sends anything but a 2xx (its backoff shortened to 50 ms). Returns how many
   * attempts were refused or cut off first.
   */
  static int sendUntilAccepted(HttpClient http, int port, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    for (int failed = 0; ; failed++) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
          return failed;
        }
      } catch (IOException cutOff) {
        // the gateway behind this connection died: re-send
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      ManagedProcess.sleep(50);
    }
  }
}
