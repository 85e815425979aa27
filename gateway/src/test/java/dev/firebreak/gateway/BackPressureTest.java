package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.port.IncidentQuery;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the store stalls or is down, intake answers 503 with Retry-After (all three senders retry
 * 5xx) instead of queueing without bound or losing what it acknowledged.
 */
class BackPressureTest {

  @TempDir Path directory;

  private static String alert(int i) {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    body.put("groupKey", "{}:{alertname=\"Stall" + i + "\"}");
    ((ObjectNode) body.get("alerts").get(0)).put("fingerprint", String.format("%016x", i));
    ((ObjectNode) body.get("alerts").get(1))
        .put("fingerprint", String.format("%016x", 1_000_000 + i));
    return body.toString();
  }

  @Test
  void stalledStore_getsServiceUnavailableWithRetryAfterAndBoundedQueue() throws Exception {
    AtomicReference<StallingStore> stalling = new AtomicReference<>();
    try (TestGateway gateway =
        TestGateway.start(
            directory,
            // Every accepted group counted as its incident, though all are about one service.
            Map.of(
                "FIREBREAK_INTAKE_QUEUE",
                "4",
                "FIREBREAK_INTAKE_TIMEOUT",
                "700ms",
                "FIREBREAK_CORRELATION_SAME_SERVICE",
                "false"),
            store -> {
              StallingStore wrapped = new StallingStore(store);
              stalling.set(wrapped);
              return wrapped;
            })) {
      stalling.get().stall();
      ExecutorService senders = Executors.newFixedThreadPool(16);
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String body = alert(i);
        sent.add(senders.submit(() -> gateway.postJson("/webhooks/alertmanager", body)));
      }
      int unavailable = 0;
      for (Future<HttpResponse<String>> future : sent) {
        HttpResponse<String> response = future.get();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(TestGateway.json(response).get("message").asText())
            .containsAnyOf("intake is full", "did not commit within 700 ms");
        unavailable++;
      }
      assertThat(unavailable).isEqualTo(40);
      HttpResponse<String> ready = gateway.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(TestGateway.json(ready).get("checks").get("intake").get("detail").asText())
          .startsWith("4 of 4");
      assertThat(gateway.get("/metrics").body())
          .contains(
              "firebreak_webhooks_received_total{outcome=\"unavailable\",source=\"alertmanager\"}"
                  + " 40.0");

      // The store recovers: the queue drains, and senders retrying as told get through; what
      // had been queued commits, so some retries are recognised as redeliveries.
      stalling.get().release();
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        statuses.add(sendUntilAccepted(gateway, alert(i)));
      }
      senders.shutdown();
      assertThat(statuses).as(statuses.toString()).containsOnly(202);
      gateway.awaitCorrelated();
      assertThat(gateway.store.incidents().list(IncidentQuery.all(100)).items()).hasSize(40);
      assertThat(gateway.get("/ready").statusCode()).isEqualTo(200);
    }
  }

  /** A sender that honours 503 by retrying, a little sooner than Retry-After says. */
  private static int sendUntilAccepted(TestGateway gateway, String body) throws Exception {
    int status = 0;
    for (int attempt = 0; attempt < 50 && status != 202; attempt++) {
      if (attempt > 0) {
        Thread.sleep(100);
      }
      status = gateway.postJson("/webhooks/alertmanager", body).statusCode();
    }
    return status;
  }

  @Test
  void unreachableDatabase_getsServiceUnavailable() {
    try (TestGateway gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/firebreak?user=x",
                "FIREBREAK_INTAKE_TIMEOUT", "1s"))) {
      HttpResponse<String> response = gateway.postJson("/webhooks/alertmanager", alert(1));
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(response.body()).doesNotContain("password");
      HttpResponse<String> ready = gateway.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(TestGateway.json(ready).get("checks").get("store").get("detail").asText())
          .contains("PostgreSQL jdbc:postgresql://127.0.0.1:1/firebreak unreachable");
      assertThat(gateway.get("/api/incidents").statusCode()).isEqualTo(503);
    }
  }
}
