package dev.firebreak.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.notify.EscalationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response file: the shipped example is the defaults, and every mistake names its place. */
class ResponseFileTest {

  @TempDir Path directory;

  GatewayConfig load(String yaml, Map<String, String> more) throws IOException {
    Path file = directory.resolve("response.yaml");
    Files.writeString(file, yaml);
    Map<String, String> environment = new java.util.HashMap<>(more);
    environment.put("FIREBREAK_RESPONSE_FILE", file.toString());
    return ConfigLoader.load(environment);
  }

  @Test
  void theShippedExample_isTheDefaults() {
    Path example = Path.of("").toAbsolutePath().getParent().resolve("examples/response.yaml");
    GatewayConfig fromFile =
        ConfigLoader.load(Map.of("FIREBREAK_RESPONSE_FILE", example.toString()));
    GatewayConfig defaults = ConfigLoader.load(Map.of());
    assertThat(fromFile.notifications().policy()).isEqualTo(defaults.notifications().policy());
    assertThat(defaults.notifications().policy())
        .isEqualTo(EscalationPolicy.defaults(Optional.empty(), Optional.empty()));
    assertThat(defaults.notifications().anyChannel()).isFalse();
  }

  @Test
  void keysFromTheEnvironment_servicesAndUsers() throws IOException {
    GatewayConfig config =
        load(
            """
            escalation:
              call_below_confidence: 0.7
              severities:
                warning: {page: 15m}
              pagerduty:
                routing_keys:
                  payments: ${PD_PAYMENTS}
              slack:
                users: {U1: carol}
              services:
                payments:
                  pagerduty: payments
                  slack_channel: "#payments"
                  severities:
                    high: {page: now}
            """,
            Map.of(
                "PD_PAYMENTS", "fedcba9876543210fedcba9876543210",
                "FIREBREAK_PAGERDUTY_ROUTING_KEY", "0123456789abcdef0123456789abcdef",
                "FIREBREAK_SLACK_BOT_TOKEN", "xoxb-1",
                "FIREBREAK_SLACK_CHANNEL", "C0INCIDENTS"));
    EscalationPolicy policy = config.notifications().policy();
    assertThat(policy.callBelowConfidence()).isEqualTo(0.7);
    assertThat(policy.rule("checkout", Severity.WARNING).pageAfter())
        .contains(Duration.ofMinutes(15));
    assertThat(policy.rule("checkout", Severity.HIGH).pageAfter()).contains(Duration.ofMinutes(5));
    assertThat(policy.rule("payments", Severity.HIGH).pageAfter()).contains(Duration.ZERO);
    assertThat(policy.routingKey("payments")).contains("payments");
    assertThat(policy.routingKey("checkout")).contains("default");
    assertThat(policy.slackChannel("payments")).contains("#payments");
    assertThat(policy.slackChannel("checkout")).contains("C0INCIDENTS");
    assertThat(config.notifications().routingKeys()).containsOnlyKeys("default", "payments");
    assertThat(config.notifications().slackUsers()).containsEntry("U1", "carol");
    assertThat(config.notifications().routingKeys().toString()).doesNotContain("fedcba");
  }

  @Test
  void mistakes_nameTheFileLineAndField() throws IOException {
    Path file = directory.resolve("response.yaml");
    assertThatThrownBy(() -> load("escalation:\n  severities:\n    high: {pag: 5m}\n", Map.of()))
        .hasMessageStartingWith(file + ":3: escalation.severities.high.pag: ")
        .hasMessageContaining("Unrecognized field \"pag\"");
    assertThatThrownBy(() -> load("escalation:\n  severities:\n    high: {page: soon}\n", Map.of()))
        .hasMessage(
            file
                + ": escalation.severities.high.page: soon: expected now, never or a delay such as 5m");
    assertThatThrownBy(
            () -> load("escalation:\n  severities:\n    urgent: {page: now}\n", Map.of()))
        .hasMessageContaining("escalation.severities.urgent: not a severity");
    assertThatThrownBy(
            () ->
                load(
                    "escalation:\n  pagerduty:\n    routing_keys:\n      p: ${NOT_SET_ANYWHERE}\n",
                    Map.of()))
        .hasMessage(file + ":4: ${NOT_SET_ANYWHERE} is not set in the environment");
    assertThatThrownBy(
            () -> load("escalation:\n  services:\n    payments: {pagerduty: nope}\n", Map.of()))
        .hasMessageContaining("escalation.services.payments.pagerduty: no routing key named nope");
    assertThatThrownBy(() -> load("escalation: [\n", Map.of())).hasMessageStartingWith(file + ":");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("FIREBREAK_SLACK_BOT_TOKEN", "xoxb-1")))
        .hasMessageContaining("FIREBREAK_SLACK_BOT_TOKEN needs FIREBREAK_SLACK_CHANNEL");
  }
}
