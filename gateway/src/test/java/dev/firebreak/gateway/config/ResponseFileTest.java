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
    assertThat(fromFile.remediation().policy()).isEqualTo(defaults.remediation().policy());
    assertThat(fromFile.remediation().playbooks()).isEqualTo(defaults.remediation().playbooks());
    assertThat(defaults.remediation().policy().dryRun())
        .as("dry-run until said otherwise")
        .isTrue();
  }

  @Test
  void remediation_playbooksRunbooksAndPolicy_andTheirMistakes() throws IOException {
    GatewayConfig config =
        load(
            """
            escalation:
              remediation_attempts: 2
            remediation:
              dry_run: false
              auto_approve_up_to: medium
              approvers: [carol]
              limits: {max_scale_step: 3, once_within: 10m}
              namespaces: {deny: [kube-system, "prod-*"]}
              runbooks:
                restart-db: {url: "https://rundeck.example.test/hook", secret: "${RB}", timeout: 5s}
              playbooks:
                - name: db
                  match: {causes: [connection_pool_exhaustion], services: [orders], min_confidence: 0.6}
                  actions:
                    - kind: runbook
                      risk: high
                      parameters: {runbook: restart-db}
                      verify: {query: "sum(pg_connections)", fails_when: "> 90", count: 5}
            """,
            Map.of("RB", "a-runbook-secret-of-some-length"));
    var remediation = config.remediation();
    assertThat(remediation.policy().dryRun()).isFalse();
    assertThat(remediation.policy().autoRisk().wireName()).isEqualTo("medium");
    assertThat(remediation.policy().maxActionsPerIncident()).isEqualTo(2);
    assertThat(remediation.policy().maxScaleStep()).isEqualTo(3);
    assertThat(remediation.policy().namespaces().admits("prod-eu")).isFalse();
    assertThat(remediation.policy().namespaces().admits("shop")).isTrue();
    assertThat(remediation.playbooks().all())
        .singleElement()
        .satisfies(
            playbook -> {
              assertThat(playbook.approvers()).containsExactly("carol");
              assertThat(playbook.actions().get(0).verify().count()).isEqualTo(5);
              assertThat(playbook.actions().get(0).verify().failsWhen()).contains("> 90");
            });
    assertThat(remediation.runbooks())
        .singleElement()
        .satisfies(
            runbook -> {
              assertThat(runbook.timeout()).hasSeconds(5);
              assertThat(runbook.toString()).doesNotContain("a-runbook-secret");
            });

    Path file = directory.resolve("response.yaml");
    assertThatThrownBy(() -> load("remediation:\n  auto_approve_up_to: extreme\n", Map.of()))
        .hasMessage(
            file
                + ":2: remediation.auto_approve_up_to: extreme: expected one of low, medium, high");
    assertThatThrownBy(
            () ->
                load(
                    "remediation:\n  playbooks:\n    - name: x\n      match: {causes: [bad_deploy]}\n"
                        + "      actions: [{kind: runbook, parameters: {runbook: nope}}]\n",
                    Map.of()))
        .hasMessageContaining(
            "remediation.playbooks.x: runbook nope is not among remediation.runbooks");
    assertThatThrownBy(
            () ->
                load(
                    "remediation:\n  playbooks:\n    - name: x\n      match: {causes: [gremlins]}\n",
                    Map.of()))
        .hasMessageContaining(
            "remediation.playbooks.x.match.causes: gremlins: expected one of bad_deploy");
    assertThatThrownBy(() -> load("remediation:\n  verification: {intervall: 5s}\n", Map.of()))
        .hasMessageStartingWith(
            file + ":2: remediation.verification.intervall: unknown field (known: ");
    assertThatThrownBy(
            () ->
                load(
                    "remediation:\n  runbooks:\n    r: {url: \"https://x.test/h\", secret: short}\n",
                    Map.of()))
        .hasMessage(file + ":3: remediation.runbooks.r.secret: shorter than 16 characters")
        .hasMessageNotContaining("short ");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("FIREBREAK_KUBECONFIG", "/no/such/file")))
        .hasMessageContaining("FIREBREAK_KUBECONFIG=/no/such/file: cannot be read");
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
        .hasMessageContaining("unknown field (known: page, slack)");
    assertThatThrownBy(() -> load("escalation:\n  severities:\n    high: {page: soon}\n", Map.of()))
        .hasMessage(
            file
                + ":3: escalation.severities.high.page: soon: expected now, never or a delay such as 5m");
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
