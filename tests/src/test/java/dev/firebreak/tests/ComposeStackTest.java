package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firebreak.gateway.config.Setting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What {@code docker-compose.yml} and the files it mounts promise, checked without a container
 * runtime ({@link DemoStackIT} runs the same stack as processes): nothing published beyond
 * loopback by default, every image pinned, every setting one Firebreak knows, the scrape target
 * the demo service, and Firebreak's own alerts routed to people rather than to Firebreak.
 */
class ComposeStackTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void publishesOnLoopbackOnlyAndPinsEveryImage() throws IOException {
    JsonNode services = compose().path("services");
    List<String> ports = new ArrayList<>();
    services.forEach(service -> service.path("ports").forEach(port -> ports.add(port.asText())));
    assertThat(ports).isNotEmpty();
    assertThat(ports)
        .allSatisfy(
            port ->
                assertThat(port)
                    .matches(
                        "(127\\.0\\.0\\.1|\\$\\{FIREBREAK_PUBLISH:-127\\.0\\.0\\.1}):\\d+:\\d+"));
    services.forEach(
        service -> {
          if (service.has("image")) {
            assertThat(service.path("image").asText()).matches("[a-z/]+:v?\\d+(\\.\\d+)*");
          } else {
            assertThat(service.path("build").asText()).isEqualTo(".");
          }
        });
  }

  @Test
  void setsOnlySettingsFirebreakKnows() throws IOException {
    Set<String> known =
        java.util.Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toSet());
    JsonNode environment = compose().path("services").path("firebreak").path("environment");
    environment
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (key.startsWith("FIREBREAK_")) {
                assertThat(known).as(key).contains(key);
              } else {
                assertThat(key).startsWith("OTEL_");
              }
            });
  }

  @Test
  void prometheusScrapesTheDemoAndAlertmanagerPostsToFirebreak() throws IOException {
    JsonNode demo = compose().path("services").path("demo");
    List<String> command = new ArrayList<>();
    demo.path("command").forEach(part -> command.add(part.asText()));
    assertThat(command).containsSequence("demo").containsSequence("--port", "8081");
    JsonNode prometheus = YAML.readTree(Repository.read("prometheus/prometheus.yml"));
    List<String> targets = new ArrayList<>();
    prometheus
        .path("scrape_configs")
        .forEach(
            job ->
                job.path("static_configs")
                    .forEach(
                        config -> config.path("targets").forEach(t -> targets.add(t.asText()))));
    assertThat(targets).containsExactlyInAnyOrder("firebreak:8080", "demo:8081");

    JsonNode alertmanager = YAML.readTree(Repository.read("alertmanager/alertmanager.yml"));
    assertThat(alertmanager.path("route").path("receiver").asText()).isEqualTo("firebreak");
    assertThat(
            receiver(alertmanager, "firebreak")
                .path("webhook_configs")
                .path(0)
                .path("url")
                .asText())
        .isEqualTo("http://firebreak:8080/webhooks/alertmanager");
  }

  @Test
  void firebreaksOwnAlertsGoToPeopleNotToFirebreak() throws IOException {
    JsonNode alertmanager = YAML.readTree(Repository.read("alertmanager/alertmanager.yml"));
    JsonNode own = alertmanager.path("route").path("routes").path(0);
    assertThat(own.path("matchers").path(0).asText()).isEqualTo("alertname=~\"Firebreak.*\"");
    assertThat(receiver(alertmanager, own.path("receiver").asText()).has("webhook_configs"))
        .as("not the webhook into Firebreak")
        .isFalse();
    JsonNode rules = YAML.readTree(Repository.read("prometheus/rules/firebreak.yml"));
    List<String> names = new ArrayList<>();
    rules
        .path("groups")
        .forEach(g -> g.path("rules").forEach(r -> names.add(r.path("alert").asText())));
    assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("Firebreak"));
  }

  private static JsonNode receiver(JsonNode alertmanager, String name) {
    for (JsonNode receiver : alertmanager.path("receivers")) {
      if (receiver.path("name").asText().equals(name)) {
        return receiver;
      }
    }
    throw new AssertionError("no receiver " + name);
  }

  private static JsonNode compose() throws IOException {
    return YAML.readTree(Repository.read("docker-compose.yml"));
  }
}
