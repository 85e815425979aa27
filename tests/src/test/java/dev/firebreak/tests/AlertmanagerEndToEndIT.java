package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus rule fires, the real Alertmanager posts to Firebreak, an incident opens with
 * the rule's labels and severity; the rule stops firing and the incident resolves.
 */
@Tag("e2e")
class AlertmanagerEndToEndIT {

  @TempDir Path directory;

  @Test
  void ruleFiresAndResolves_inLocalMode() {
    runCycle(null);
  }

  @Test
  void ruleFiresAndResolves_withBearerTokenOnAlertmanager() {
    runCycle("e2e-token-" + System.nanoTime());
  }

  private void runCycle(String token) {
    int gatewayPort = Repository.freePort();
    Map<String, String> settings = new HashMap<>();
    settings.put("FIREBREAK_PORT", Integer.toString(gatewayPort));
    settings.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + directory.resolve("firebreak.db"));
    settings.put("FIREBREAK_POSTMORTEM_DIR", directory.resolve("postmortems").toString());
    if (token != null) {
      settings.put("FIREBREAK_ALERTMANAGER_TOKEN", token);
      settings.put("FIREBREAK_HOST", "127.0.0.1");
    }
    var config = ConfigLoader.load(settings);
    JdbcIncidentStore store = JdbcIncidentStore.open(config.databaseUrl(), 2);
    try (Gateway gateway = Gateway.create(config, store, Clock.systemUTC()).start();
        MetricsTarget target = new MetricsTarget();
        PrometheusStack stack =
            new PrometheusStack(directory, gatewayPort, target.address(), token)) {
      target.failing(true);
      Incident opened =
          await(
              store,
              "an open HighErrorRate incident",
              stack,
              i ->
                  "HighErrorRate".equals(i.labels().get("alertname"))
                      && i.status() == IncidentStatus.OPEN);
      assertThat(opened.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(opened.service()).isEqualTo("checkout");
      assertThat(opened.labels())
          .containsEntry("namespace", "shop")
          .containsEntry("cluster", "local")
          .containsEntry("severity", "critical");
      assertThat(opened.title()).startsWith("checkout is failing");
      IncidentDetail detail = store.incidents().detail(opened.id()).orElseThrow();
      assertThat(detail.signals().get(0).signal().links().get("generatorURL"))
          .contains("/graph?g0.expr=");

      target.failing(false);
      Incident resolved =
          await(
              store,
              "the incident resolved",
              stack,
              i -> i.id() == opened.id() && i.status() == IncidentStatus.RESOLVED);
      assertThat(resolved.resolvedAt()).isAfter(resolved.openedAt());
      assertThat(store.incidents().detail(opened.id()).orElseThrow().timeline())
          .extracting(e -> e.kind().wireName())
          .contains("opened", "resolved");
      assertThat(store.incidents().list(IncidentQuery.all(50)).items())
          .filteredOn(i -> "HighErrorRate".equals(i.labels().get("alertname")))
          .hasSize(1);
    }
  }

  private static Incident await(
      JdbcIncidentStore store, String what, PrometheusStack stack, Predicate<Incident> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      List<Incident> incidents = store.incidents().list(IncidentQuery.all(50)).items();
      Optional<Incident> match = incidents.stream().filter(condition).findFirst();
      if (match.isPresent()) {
        return match.get();
      }
      ManagedProcess.sleep(250);
    }
    throw new AssertionError(
        "timed out waiting for "
            + what
            + "; incidents: "
            + store.incidents().list(IncidentQuery.all(50)).items()
            + "\n"
            + stack.logs());
  }
}
