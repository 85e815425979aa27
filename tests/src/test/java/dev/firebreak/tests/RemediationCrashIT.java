package dev.firebreak.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.integrations.kubernetes.DryRunCrudDispatcher;
import dev.firebreak.integrations.kubernetes.MockCluster;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process SIGKILLed while the cluster is applying its scale, restarted, and killed
 * again while it verifies the fix: after each restart the action resumes from the store, the
 * cluster was changed exactly once (the restarted gateway reads the replica count to learn that
 * its call went through), and the verification finishes with the measurements taken before the
 * kill.
 */
@Tag("e2e")
class RemediationCrashIT {

  @TempDir Path directory;
  private MockCluster cluster;
  private DryRunCrudDispatcher dispatcher;
  private KubernetesClient kube;
  private WireMockServer prometheus;
  private static final String PG_URL =
      System.getenv()
          .getOrDefault(
              "FIREBREAK_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");

  private ManagedProcess gateway;
  private ManagedProcess other;
  private JdbcIncidentStore store;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    dispatcher = cluster.dispatcher();
    kube = cluster.client();
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
                .endSpec()
                .build())
        .create();
    dispatcher.forget();
    prometheus = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    prometheus.start();
    prometheus.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                            + "[{\"metric\":{\"service\":\"checkout\"},\"value\":[1767000000,\"0.01\"]}]}}")));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (other != null) {
      other.close();
    }
    if (store != null) {
      store.close();
    }
    prometheus.stop();
    cluster.close();
  }

  @Test
  void killedDuringTheCallAndDuringVerification_theActionRanOnce_andItsVerificationFinished()
      throws Exception {
    String url = "jdbc:sqlite:" + directory.resolve("firebreak.db");
    Map<String, String> settings = settings(url);
    int port = Repository.freePort();
    gateway = GatewayProcess.start(directory, port, settings, "gateway-a");
    store = JdbcIncidentStore.open(url, 2);

    send(port);
    long incident = awaitIncident();
    dispatcher.holdWrites();
    injectDiagnosis(incident);

    assertThat(dispatcher.awaitFirstWrite(60_000)).as("the scale reached the API server").isTrue();
    gateway.kill();
    dispatcher.releaseWrites();
    assertThat(action(incident).state()).isEqualTo(ActionState.EXECUTING);
    gateway = GatewayProcess.start(directory, port, settings, "gateway-a2");

    RemediationAction verifying =
        await(incident, a -> a.state() == ActionState.VERIFYING && !a.measurements().isEmpty());
    assertThat(verifying.prior()).containsEntry("replicas", "2");
    gateway.kill();
    int measuredBeforeKill = action(incident).measurements().size();
    gateway = GatewayProcess.start(directory, port, settings, "gateway-a3");

    RemediationAction done = await(incident, a -> a.state() == ActionState.SUCCEEDED);
    assertThat(done.measurements()).hasSize(3);
    assertThat(measuredBeforeKill).isBetween(1, 3);
    assertThat(
            kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
    assertThat(dispatcher.writes())
        .as("the scale was applied once: " + dispatcher.requests())
        .hasSize(1);
    assertThat(store.remediations().history(done.id()))
        .anyMatch(line -> line.detail().contains("resumed after a restart"));
  }

  @Test
  void twoGatewaysOnOnePostgresql_theOneRunningTheCallIsKilled_theOtherFinishesIt()
      throws Exception {
    String schema = "remediation_" + Long.toHexString(System.nanoTime());
    execute(PG_URL, "CREATE SCHEMA " + schema);
    try {
      String url = PG_URL + "&currentSchema=" + schema;
      Map<String, String> settings = settings(url);
      Files.createDirectories(directory.resolve("a"));
      Files.createDirectories(directory.resolve("b"));
      int first = Repository.freePort();
      gateway = GatewayProcess.start(directory.resolve("a"), first, settings, "gateway-a");
      other =
          GatewayProcess.start(
              directory.resolve("b"), Repository.freePort(), settings, "gateway-b");
      store = JdbcIncidentStore.open(url, 2);
      send(first);
      long incident = awaitIncident();
      dispatcher.holdWrites();
      injectDiagnosis(incident);

      assertThat(dispatcher.awaitFirstWrite(60_000)).isTrue();
      ManagedProcess running =
          gateway.logText().contains("running scale shop/checkout") ? gateway : other;
      ManagedProcess survivor = running == gateway ? other : gateway;
      running.kill();
      dispatcher.releaseWrites();

      RemediationAction done = await(incident, a -> a.state() == ActionState.SUCCEEDED);
      assertThat(dispatcher.writes()).as("applied once: " + dispatcher.requests()).hasSize(1);
      assertThat(store.remediations().history(done.id()))
          .anyMatch(line -> line.detail().contains("resumed after a restart"));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!survivor.logText().contains("mitigated: mitigated by scale shop/checkout")
          && System.nanoTime() < deadline) {
        Thread.sleep(100); // a poll interval: the lifecycle line follows the event
      }
      assertThat(survivor.logText()).contains("mitigated: mitigated by scale shop/checkout");
    } finally {
      if (store != null) {
        store.close();
        store = null;
      }
      execute(PG_URL, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private void injectDiagnosis(long incident) {
    store
        .investigations()
        .saveDiagnosis(
            new Diagnosis(
                incident,
                1000,
                Instant.now(),
                "rules",
                List.of(),
                List.of(),
                List.of(),
                List.of(
                    new Hypothesis(
                        RootCause.TRAFFIC_SURGE, "checkout", 0.85, "injected", List.of())),
                Severity.CRITICAL,
                List.of()));
  }

  private static void execute(String url, String sql) throws Exception {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private Map<String, String> settings(String url) throws Exception {
    Path kubeconfig = cluster.kubeconfig(directory.resolve("kubeconfig"));
    Path response = directory.resolve("response.yaml");
    Files.writeString(
        response,
        """
        remediation:
          dry_run: false
          verification: {initial_delay: 2s, interval: 2s, count: 3}
        """);
    Map<String, String> settings = new HashMap<>();
    settings.put("FIREBREAK_DATABASE_URL", url);
    settings.put("FIREBREAK_MEMORY", "off");
    settings.put("FIREBREAK_POSTMORTEM_DIR", "");
    settings.put("FIREBREAK_PROMETHEUS_URL", prometheus.baseUrl());
    settings.put("FIREBREAK_KUBECONFIG", kubeconfig.toString());
    settings.put("FIREBREAK_RESPONSE_FILE", response.toString());
    // A killed gateway's step waits for its lease (3 call timeouts + 10 s) to run out.
    settings.put("FIREBREAK_ACTION_TIMEOUT", "2s");
    return settings;
  }

  private void send(int port) throws Exception {
    String body =
        """
        {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","status":"firing","receiver":"firebreak",
         "groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am",
         "alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","service":"checkout","namespace":"shop","severity":"critical"},
           "annotations":{"summary":"checkout errors"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus:9090/graph?g0.expr=checkout%%3Aerror_ratio%%3Arate1m+%%3E+0.05","fingerprint":"crash1"}]}
        """
            .formatted(Instant.now());
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private long awaitIncident() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var items = store.incidents().list(IncidentQuery.all(5)).items();
      if (!items.isEmpty()) {
        return items.get(0).id();
      }
      Thread.sleep(100); // a poll interval
    }
    throw new AssertionError("no incident\n" + gateway.logText());
  }

  private RemediationAction action(long incident) {
    List<RemediationAction> actions = store.remediations().of(incident);
    assertThat(actions).hasSize(1);
    return actions.get(0);
  }

  private RemediationAction await(long incident, Predicate<RemediationAction> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<RemediationAction> found =
          store.remediations().of(incident).stream().filter(condition).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100); // a poll interval
    }
    throw new AssertionError(
        "timed out; actions: " + store.remediations().of(incident) + "\n" + gateway.logText());
  }
}
