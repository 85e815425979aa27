package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.integrations.kubernetes.DryRunCrudDispatcher;
import dev.firebreak.integrations.kubernetes.MockCluster;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remediation end to end: the real Prometheus scrapes a service whose error rate falls when its
 * deployment in fabric8's mock cluster gets more replicas; the real Alertmanager sends the
 * alert; Firebreak investigates, diagnoses, scales the deployment, verifies the fix against the
 * alert's own expression in that Prometheus, and the incident resolves when the alert does. The
 * second run's service stays broken: the verification fails and the rollback restores the
 * recorded replica count.
 */
class RemediationEndToEndIT {

  /**
   * Scaling on the error alert only: the CPU and traffic alerts of the same overload page. The
   * bar is low because this suite is about acting, not about how sure the diagnosis is.
   */
  private static final String RESPONSE =
      """
      remediation:
        dry_run: false
        approvers: [carol]
        verification: {initial_delay: 1s, interval: 2s, count: 3}
        playbooks:
          - name: scale-on-errors
            match: {causes: [traffic_surge, resource_saturation], labels: {alertname: HighErrorRate}, min_confidence: 0.3}
            actions: [{kind: scale, risk: low, parameters: {step: "1"}}]
      """;

  /** How long the service runs healthy first, so that the overload stands out. */
  private static final long BASELINE_MILLIS = 20_000;

  @TempDir Path directory;

  private static final class Stack implements AutoCloseable {
    final MockCluster cluster = new MockCluster();
    final DryRunCrudDispatcher dispatcher = cluster.dispatcher();
    final KubernetesClient kube = cluster.client();
    final ScaledTarget target;
    final JdbcIncidentStore store;
    final Gateway gateway;
    final PrometheusStack prometheus;

    Stack(Path directory) throws Exception {
      kube.apps()
          .deployments()
          .inNamespace("shop")
          .resource(
              new DeploymentBuilder()
                  .withNewMetadata()
                  .withName("checkout")
                  .withNamespace("shop")
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(2)
                  .withNewTemplate()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("checkout")
                  .withImage("shop/checkout:2.1")
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build())
          .create();
      dispatcher.forget();
      target = new ScaledTarget(kube, "shop", "checkout");
      Path kubeconfig = cluster.kubeconfig(directory.resolve("kubeconfig"));
      Path response = directory.resolve("response.yaml");
      Files.writeString(response, RESPONSE);
      int gatewayPort = Repository.freePort();
      int prometheusPort = Repository.freePort();
      Map<String, String> settings = new HashMap<>();
      settings.put("FIREBREAK_PORT", Integer.toString(gatewayPort));
      settings.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + directory.resolve("fb.db"));
      settings.put("FIREBREAK_POSTMORTEM_DIR", "");
      settings.put("FIREBREAK_PROMETHEUS_URL", "http://127.0.0.1:" + prometheusPort);
      settings.put("FIREBREAK_EVIDENCE_LOOKBACK", "2m");
      settings.put("FIREBREAK_EVIDENCE_AFTER", "10s");
      settings.put("FIREBREAK_EVIDENCE_RERUN_DELAY", "5s");
      settings.put("FIREBREAK_PROMETHEUS_RATE_WINDOW", "5s");
      settings.put("FIREBREAK_KUBECONFIG", kubeconfig.toString());
      settings.put("FIREBREAK_RESPONSE_FILE", response.toString());
      GatewayConfig config = ConfigLoader.load(settings);
      store = JdbcIncidentStore.open(config.databaseUrl(), 2);
      gateway = Gateway.create(config, store, Clock.systemUTC()).start();
      prometheus =
          new PrometheusStack(directory, gatewayPort, target.address(), null, prometheusPort);
    }

    int replicas() {
      return kube.apps()
          .deployments()
          .inNamespace("shop")
          .withName("checkout")
          .get()
          .getSpec()
          .getReplicas();
    }

    @Override
    public void close() {
      prometheus.close();
      target.close();
      gateway.close();
      cluster.close();
    }
  }

  private static <T> T await(
      String what, Duration timeout, Supplier<Optional<T>> found, Stack stack)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = found.get();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(200); // a poll interval; the condition decides
    }
    throw new AssertionError(
        "timed out waiting for "
            + what
            + "\n"
            + stack.prometheus.logs()
            + "\nactions: "
            + actions(stack));
  }

  private static List<RemediationAction> actions(Stack stack) {
    return stack.store.incidents().list(IncidentQuery.all(50)).items().stream()
        .flatMap(incident -> stack.store.remediations().of(incident.id()).stream())
        .toList();
  }

  private static Incident highErrorRate(Stack stack) throws InterruptedException {
    return await(
        "a HighErrorRate incident",
        Duration.ofSeconds(90),
        () ->
            stack.store.incidents().list(IncidentQuery.all(50)).items().stream()
                .filter(incident -> "HighErrorRate".equals(incident.labels().get("alertname")))
                .findFirst(),
        stack);
  }

  private static RemediationAction action(Stack stack, long incident, ActionState state)
      throws InterruptedException {
    return await(
        "an action " + state.wireName() + " on incident " + incident,
        Duration.ofSeconds(150),
        () ->
            stack.store.remediations().of(incident).stream()
                .filter(action -> action.state() == state)
                .findFirst(),
        stack);
  }

  @Test
  void anOverloadedServiceIsScaledUp_theFixIsVerifiedInPrometheus_andTheIncidentResolves()
      throws Exception {
    try (Stack stack = new Stack(directory)) {
      Thread.sleep(BASELINE_MILLIS); // a healthy baseline: 100 requests a tick on 2 replicas
      stack.target.load(170);
      Incident incident = highErrorRate(stack);
      RemediationAction done = action(stack, incident.id(), ActionState.SUCCEEDED);
      assertThat(done.kind().wireName()).isEqualTo("scale");
      assertThat(done.target()).isEqualTo("shop/checkout");
      assertThat(done.prior()).containsEntry("replicas", "2");
      assertThat(stack.replicas()).isEqualTo(3);
      assertThat(done.verification().orElseThrow().condition())
          .contains("rate(http_requests_total{code=~\"5..\"}[5s])")
          .endsWith("> 0.05");
      assertThat(done.measurements())
          .hasSize(3)
          .allMatch(m -> m.phase().wireName().equals("successful"));
      assertThat(stack.dispatcher.writes()).as("scaled once").hasSize(1);
      await(
          "the incident to resolve with its alert",
          Duration.ofSeconds(90),
          () ->
              stack
                  .store
                  .incidents()
                  .detail(incident.id())
                  .filter(detail -> detail.incident().status() == IncidentStatus.RESOLVED),
          stack);
    }
  }

  @Test
  void aFixThatDoesNotHelpIsRolledBackToTheRecordedReplicas() throws Exception {
    try (Stack stack = new Stack(directory)) {
      Thread.sleep(BASELINE_MILLIS); // a healthy baseline
      stack.target.load(170);
      stack.target.broken(true);
      Incident incident = highErrorRate(stack);
      RemediationAction rolledBack = action(stack, incident.id(), ActionState.ROLLED_BACK);
      assertThat(rolledBack.outcome()).contains("verification failed").contains("still > 0.05");
      assertThat(stack.replicas()).isEqualTo(2);
      assertThat(stack.dispatcher.writes()).as("scaled, then scaled back").hasSize(2);
      assertThat(stack.store.incidents().detail(incident.id()).orElseThrow().timeline())
          .anyMatch(entry -> entry.kind().wireName().equals("handed_over"));
    }
  }
}
