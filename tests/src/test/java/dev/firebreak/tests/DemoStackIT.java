package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack without a container runtime: the packaged {@code firebreak demo} and {@code
 * firebreak serve}, the real Prometheus and Alertmanager from the checked-in configuration. One
 * fault command, as the README gives it, turns into an incident with a diagnosis naming the
 * fault — and nothing opens while the demo is healthy (no placeholder target, no alert of
 * Firebreak's own routed back to it).
 */
class DemoStackIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String AM_TOKEN = "am-token";
  private static final String READ_TOKEN = "reader";

  @TempDir Path directory;

  @Test
  void oneFaultCommandGivesAnIncidentWithItsCause() throws Exception {
    int demoPort = Repository.freePort();
    int gatewayPort = Repository.freePort();
    int prometheusPort = Repository.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Map<String, String> settings = new HashMap<>(ScenarioRecorder.SETTINGS);
    settings.put("FIREBREAK_ALERTMANAGER_TOKEN", AM_TOKEN);
    settings.put("FIREBREAK_API_READ_TOKEN", READ_TOKEN);
    settings.put("FIREBREAK_PROMETHEUS_URL", "http://127.0.0.1:" + prometheusPort);
    settings.put("FIREBREAK_MEMORY", "off");
    try (ManagedProcess demo =
            ManagedProcess.start(
                    "demo",
                    List.of(
                        java,
                        "-Xmx64m",
                        "-jar",
                        GatewayProcess.jar().toString(),
                        "demo",
                        "--port",
                        Integer.toString(demoPort)),
                    directory)
                .awaitHttpOk("http://127.0.0.1:" + demoPort + "/metrics", Duration.ofSeconds(30));
        ManagedProcess gateway = GatewayProcess.start(directory, gatewayPort, settings, "gateway");
        PrometheusStack stack =
            new PrometheusStack(
                directory, gatewayPort, "127.0.0.1:" + demoPort, AM_TOKEN, prometheusPort)) {
      // A healthy baseline the diagnosis compares against: 20 scrapes of the demo.
      Await.until(
          "20 healthy scrapes of the demo",
          Duration.ofSeconds(60),
          () -> scrapes(prometheusPort) >= 20);
      assertThat(incidents(gatewayPort)).as("nothing opens while healthy").isEmpty();

      HttpResponse<String> fault =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + demoPort + "/fault/bad_deploy"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(fault.statusCode()).isEqualTo(202);

      JsonNode diagnosis =
          Await.value(
              "a diagnosed incident\n" + stack.logs() + "\n" + gateway.logText(),
              Duration.ofSeconds(90),
              () -> diagnosis(gatewayPort));
      assertThat(diagnosis.path("hypotheses").path(0).path("cause").asText())
          .as(diagnosis.toString())
          .isEqualTo("bad_deploy");
      // One service: it is the only one ranked, and it leads with its own deploy.
      assertThat(diagnosis.path("services").path(0).path("service").asText()).isEqualTo("checkout");
      assertThat(diagnosis.path("services").path(0).path("reasons").toString())
          .contains("app_build_info changed to version");
      Await.until(
          "the lifecycle line of the diagnosis",
          Duration.ofSeconds(10),
          () -> gateway.logText().contains("diagnosed: likely bad deploy"));
      assertThat(gateway.logText()).contains("opened: checkout is failing");
    }
  }

  private static Optional<JsonNode> diagnosis(int port) {
    for (JsonNode incident : incidents(port)) {
      JsonNode diagnosis =
          get(port, "/api/incidents/" + incident.path("id").asLong() + "/diagnosis");
      if (diagnosis != null && diagnosis.path("hypotheses").size() > 0) {
        return Optional.of(diagnosis);
      }
    }
    return Optional.empty();
  }

  private static List<JsonNode> incidents(int port) {
    JsonNode list = get(port, "/api/incidents");
    List<JsonNode> items = new java.util.ArrayList<>();
    if (list != null) {
      list.path("items").forEach(items::add);
    }
    return items;
  }

  private static JsonNode get(int port, String path) {
    try {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .header("Authorization", "Bearer " + READ_TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int scrapes(int prometheusPort) {
    String query =
        URLEncoder.encode("count_over_time(up{job=\"services\"}[5m])", StandardCharsets.UTF_8);
    try {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=" + query))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode result = JSON.readTree(answer.body()).path("data").path("result");
      return result.size() == 0
          ? 0
          : (int) Double.parseDouble(result.get(0).path("value").get(1).asText());
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
