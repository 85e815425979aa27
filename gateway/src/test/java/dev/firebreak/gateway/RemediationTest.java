package dev.firebreak.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.integrations.kubernetes.DryRunCrudDispatcher;
import dev.firebreak.integrations.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remediation through a running gateway: an alert arrives as Alertmanager sends it, a diagnosis
 * is stored as the investigation stores one, and the action runs against fabric8's mock cluster
 * (CRUD mode; dry-runs change nothing) with its verification measured through Prometheus's query
 * API as WireMock answers it, and its escalation sent to PagerDuty's Events API.
 */
class RemediationTest {

  static final String[] WRITE = {"Authorization", "Bearer writer"};
  static final String LIVE =
      """
      remediation:
        dry_run: false
        approvers: [carol]
        approval_ttl: %s
        verification: {initial_delay: 1s, interval: 1s, count: 2}
      """;

  @TempDir Path directory;
  MockCluster cluster;
  DryRunCrudDispatcher dispatcher;
  KubernetesClient kube;
  WireMockServer outside;
  TestGateway gateway;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    dispatcher = cluster.dispatcher();
    kube = cluster.client();
    kube.apps().deployments().inNamespace("shop").resource(deployment()).create();
    String uid =
        kube.apps()
            .deployments()
            .inNamespace("shop")
            .withName("checkout")
            .get()
            .getMetadata()
            .getUid();
    for (int revision = 4; revision <= 5; revision++) {
      kube.apps()
          .replicaSets()
          .inNamespace("shop")
          .resource(
              new ReplicaSetBuilder()
                  .withNewMetadata()
                  .withName("checkout-r" + revision)
                  .withNamespace("shop")
                  .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                  .addNewOwnerReference()
                  .withKind("Deployment")
                  .withName("checkout")
                  .withUid(uid)
                  .withController(true)
                  .withApiVersion("apps/v1")
                  .endOwnerReference()
                  .endMetadata()
                  .withNewSpec()
                  .withNewTemplate()
                  .withNewMetadata()
                  .addToLabels("app", "checkout")
                  .addToLabels("pod-template-hash", "r" + revision)
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("checkout")
                  .withImage("shop/checkout:2." + (revision - 4))
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build())
          .create();
    }
    dispatcher.forget();
    outside = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    outside.start();
    outside.stubFor(
        get(urlPathEqualTo("/api/v1/status/buildinfo"))
            .willReturn(
                aResponse().withStatus(200).withBody("{\"status\":\"success\",\"data\":{}}")));
    outside.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
    errorRatio(0.01);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    cluster.close();
    outside.stop();
  }

  static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace("shop")
        .addToAnnotations("deployment.kubernetes.io/revision", "5")
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withNewSelector()
        .addToMatchLabels("app", "checkout")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "checkout")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("checkout")
        .withImage("shop/checkout:2.1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** What Prometheus answers for the alert's measured side from now on. */
  void errorRatio(double value) {
    outside.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                            + "{\"service\":\"checkout\",\"namespace\":\"shop\"},\"value\":["
                            + Instant.now().getEpochSecond()
                            + ",\""
                            + value
                            + "\"]}]}}")));
  }

  static final String SLACK_POSTED =
      "{\"ok\":true,\"channel\":\"C0INCIDENTS\",\"ts\":\"1767259200.000100\",\"message\":{\"text\":\"x\"}}";

  TestGateway start(String responseFile) throws IOException {
    return start(responseFile, Map.of());
  }

  TestGateway start(String responseFile, Map<String, String> more) throws IOException {
    Path kubeconfig = cluster.kubeconfig(directory.resolve("kubeconfig"));
    Map<String, String> settings = new HashMap<>();
    settings.put("FIREBREAK_API_WRITE_TOKEN", "writer");
    settings.put("FIREBREAK_ALERTMANAGER_TOKEN", "am");
    settings.put("FIREBREAK_KUBECONFIG", kubeconfig.toString());
    settings.put("FIREBREAK_PROMETHEUS_URL", outside.baseUrl());
    settings.put("FIREBREAK_PAGERDUTY_ROUTING_KEY", "0123456789abcdef0123456789abcdef");
    settings.put("FIREBREAK_PAGERDUTY_EVENTS_URL", outside.baseUrl() + "/v2/enqueue");
    if (responseFile != null) {
      Path file = directory.resolve("response.yaml");
      Files.writeString(file, responseFile);
      settings.put("FIREBREAK_RESPONSE_FILE", file.toString());
    }
    settings.putAll(more);
    gateway = TestGateway.start(directory, settings);
    return gateway;
  }

  /** An alert as Alertmanager sends it, its expression a recording rule's ratio; the incident. */
  long fire() {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    for (JsonNode alert : body.get("alerts")) {
      ((ObjectNode) alert).put("startsAt", Instant.now().toString());
      ((ObjectNode) alert.get("labels")).put("namespace", "shop");
      ((ObjectNode) alert)
          .put(
              "generatorURL",
              "http://prometheus:9090/graph?g0.expr="
                  + URLEncoder.encode(
                      "checkout:error_ratio:rate1m > 0.05", StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        gateway.postJson("/webhooks/alertmanager", body.toString(), "Authorization", "Bearer am");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    gateway.awaitCorrelated();
    return TestGateway.json(gateway.get("/api/incidents", WRITE))
        .get("items")
        .get(0)
        .get("id")
        .asLong();
  }

  /** The diagnosis an investigation would store (a run of its own, after any real one). */
  void diagnose(long incident, RootCause cause, int run) {
    gateway
        .store
        .investigations()
        .saveDiagnosis(
            new Diagnosis(
                incident,
                run,
                Instant.now(),
                "rules",
                List.of(),
                List.of(),
                List.of(),
                List.of(new Hypothesis(cause, "checkout", 0.85, "test diagnosis", List.of())),
                Severity.CRITICAL,
                List.of()));
  }

  JsonNode actions(long incident) {
    HttpResponse<String> answer = gateway.get("/api/incidents/" + incident + "/actions", WRITE);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return TestGateway.json(answer).get("items");
  }

  JsonNode awaitAction(long incident, String state) {
    JsonNode[] last = new JsonNode[1];
    Conditions.await(
        "an action of incident " + incident + " to be " + state,
        Duration.ofSeconds(30),
        () -> {
          JsonNode items = actions(incident);
          last[0] = items;
          return items.size() > 0
              && items.get(items.size() - 1).get("state").asText().equals(state);
        });
    return last[0].get(last[0].size() - 1);
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

  List<String> timeline(long incident) {
    List<String> out = new ArrayList<>();
    for (JsonNode entry :
        TestGateway.json(gateway.get("/api/incidents/" + incident, WRITE)).get("timeline")) {
      out.add(entry.get("kind").asText() + ": " + entry.get("message").asText());
    }
    return out;
  }

  @Test
  void aLowRiskScaleRunsAtOnce_isVerifiedAgainstTheAlertsCondition_andTheIncidentIsMitigated()
      throws IOException {
    start(LIVE.formatted("15m"));
    long incident = fire();
    diagnose(incident, RootCause.TRAFFIC_SURGE, 1000);
    JsonNode action = awaitAction(incident, "succeeded");

    assertThat(replicas()).isEqualTo(4);
    assertThat(action.get("kind").asText()).isEqualTo("scale");
    assertThat(action.get("plan").asText()).contains("spec.replicas 3 → 4");
    assertThat(action.get("prior").get("replicas").asText()).isEqualTo("3");
    assertThat(action.get("verification").get("condition").asText())
        .isEqualTo("checkout:error_ratio:rate1m > 0.05");
    assertThat(action.get("measurements")).hasSize(2);
    assertThat(action.get("measurements").get(0).get("detail").asText())
        .contains("no longer > 0.05");
    List<String> states = new ArrayList<>();
    action.get("history").forEach(line -> states.add(line.get("state").asText()));
    assertThat(states)
        .containsExactly(
            "planning", "approved", "executing", "verifying", "verifying", "succeeded");
    assertThat(dispatcher.dryRuns()).as("planned by a server-side dry-run").isNotEmpty();
    assertThat(dispatcher.writes())
        .as("one real change")
        .singleElement()
        .asString()
        .startsWith("PATCH");
    assertThat(timeline(incident))
        .anyMatch(line -> line.startsWith("mitigated: mitigated by scale shop/checkout"));
  }

  @Test
  void aFailedVerificationRollsBackToTheRecordedReplicas_andPagesAtOnce() throws IOException {
    errorRatio(0.2);
    start(LIVE.formatted("15m"));
    long incident = fire();
    diagnose(incident, RootCause.TRAFFIC_SURGE, 1000);
    JsonNode action = awaitAction(incident, "rolled_back");

    assertThat(replicas()).isEqualTo(3);
    assertThat(action.get("outcome").asText())
        .contains("verification failed")
        .contains("0.2 still > 0.05");
    assertThat(timeline(incident))
        .anyMatch(line -> line.startsWith("handed_over: rolled back scale shop/checkout"));
    Conditions.await(
        "PagerDuty to hear that the fix was rolled back",
        Duration.ofSeconds(30),
        () ->
            outside.getAllServeEvents().stream()
                .anyMatch(
                    event ->
                        event.getRequest().getUrl().equals("/v2/enqueue")
                            && event.getRequest().getBodyAsString().contains("rolled back scale")));
  }

  @Test
  void aMediumRiskUndoWaitsForAnApprover_refusesOthers_andAnswersASecondApprovalWith409()
      throws IOException {
    start(LIVE.formatted("15m"));
    long incident = fire();
    diagnose(incident, RootCause.BAD_DEPLOY, 1000);
    JsonNode waiting = awaitAction(incident, "awaiting_approval");
    assertThat(waiting.get("plan").asText())
        .contains("revision 5 → 4")
        .contains("image shop/checkout:2.1 → shop/checkout:2.0");
    assertThat(dispatcher.writes()).as("nothing runs before the approval").isEmpty();
    long id = waiting.get("id").asLong();
    String approve = "/api/incidents/" + incident + "/actions/" + id + "/approve";

    HttpResponse<String> stranger = gateway.postJson(approve, "{\"by\": \"mallory\"}", WRITE);
    assertThat(stranger.statusCode()).isEqualTo(403);
    assertThat(stranger.body()).contains("mallory may not answer").contains("carol");
    assertThat(gateway.postJson(approve, "{}", WRITE).statusCode()).isEqualTo(400);
    assertThat(gateway.postJson(approve, "{\"by\": \"carol\", \"extra\": 1}", WRITE).statusCode())
        .isEqualTo(400);
    assertThat(gateway.postJson(approve, "{\"by\": \"carol\"}").statusCode())
        .as("no token")
        .isEqualTo(401);

    HttpResponse<String> approved =
        gateway.postJson(
            approve, "{\"by\": \"carol\", \"reason\": \"2.1 is the bad build\"}", WRITE);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    HttpResponse<String> again = gateway.postJson(approve, "{\"by\": \"carol\"}", WRITE);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already answered by carol");

    awaitAction(incident, "succeeded");
    assertThat(
            kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("shop/checkout:2.0");
  }

  @Test
  void theSlackMessageCarriesApproveAndReject_andAMappedApproversClickApproves() throws Exception {
    outside.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .willReturn(aResponse().withStatus(200).withBody(SLACK_POSTED)));
    outside.stubFor(
        post(urlPathEqualTo("/api/chat.update"))
            .willReturn(aResponse().withStatus(200).withBody(SLACK_POSTED)));
    outside.stubFor(post(urlPathEqualTo("/response")).willReturn(aResponse().withStatus(200)));
    start(
        LIVE.formatted("15m")
            + """
            escalation:
              slack:
                users: {U024CAROL: carol, U024MALLORY: mallory}
            """,
        Map.of(
            "FIREBREAK_SLACK_BOT_TOKEN",
            "xoxb-test-token",
            "FIREBREAK_SLACK_API_URL",
            outside.baseUrl() + "/api/",
            "FIREBREAK_SLACK_CHANNEL",
            "C0INCIDENTS",
            "FIREBREAK_SLACK_SIGNING_SECRET",
            SlackInteractionsTest.SECRET));
    long incident = fire();
    diagnose(incident, RootCause.BAD_DEPLOY, 1000);
    long id = awaitAction(incident, "awaiting_approval").get("id").asLong();
    Conditions.await(
        "the Slack message to offer the approval",
        Duration.ofSeconds(30),
        () ->
            outside.getAllServeEvents().stream()
                .anyMatch(
                    event ->
                        event.getRequest().getUrl().startsWith("/api/chat.")
                            && event.getRequest().getBodyAsString().contains("\"action.approve\"")
                            && event.getRequest().getBodyAsString().contains(incident + "/" + id)));

    HttpResponse<String> refused = clickApprove("U024MALLORY", incident + "/" + id);
    assertThat(refused.statusCode()).isEqualTo(200);
    Conditions.await(
        "mallory to be told she may not",
        Duration.ofSeconds(10),
        () ->
            outside.getAllServeEvents().stream()
                .anyMatch(
                    event ->
                        event.getRequest().getUrl().equals("/response")
                            && event
                                .getRequest()
                                .getBodyAsString()
                                .contains("mallory may not answer")));
    assertThat(actions(incident).get(0).get("state").asText()).isEqualTo("awaiting_approval");

    assertThat(clickApprove("U024CAROL", incident + "/" + id).statusCode()).isEqualTo(200);
    JsonNode done = awaitAction(incident, "succeeded");
    assertThat(done.get("answeredBy").asText()).isEqualTo("carol");
  }

  HttpResponse<String> clickApprove(String user, String value) {
    String payload =
        "{\"type\":\"block_actions\",\"user\":{\"id\":\""
            + user
            + "\"},\"response_url\":\""
            + outside.baseUrl()
            + "/response\",\"actions\":[{\"action_id\":\"action.approve\",\"type\":\"button\",\"value\":\""
            + value
            + "\"}]}";
    String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    return gateway.post(
        "/webhooks/slack/interactions",
        body.getBytes(StandardCharsets.UTF_8),
        "Content-Type",
        "application/x-www-form-urlencoded",
        dev.firebreak.gateway.webhook.SlackSignature.TIMESTAMP,
        Long.toString(now),
        dev.firebreak.gateway.webhook.SlackSignature.SIGNATURE,
        SlackInteractionsTest.sign(now, body));
  }

  @Test
  void anUnansweredApprovalExpires_asItsOwnState_andHandsOver() throws IOException {
    start(LIVE.formatted("1s"));
    long incident = fire();
    diagnose(incident, RootCause.BAD_DEPLOY, 1000);
    JsonNode expired = awaitAction(incident, "expired");
    assertThat(expired.get("outcome").asText()).contains("expired unanswered; it did not run");
    assertThat(dispatcher.writes()).isEmpty();
    assertThat(timeline(incident))
        .anyMatch(line -> line.startsWith("handed_over: approval of rollout_undo"));
    long id = expired.get("id").asLong();
    HttpResponse<String> late =
        gateway.postJson(
            "/api/incidents/" + incident + "/actions/" + id + "/approve",
            "{\"by\": \"carol\"}",
            WRITE);
    assertThat(late.statusCode()).isEqualTo(409);
  }

  @Test
  void theKillSwitchStopsNewActionsOnEveryGateway_untilResumed() throws IOException {
    start(LIVE.formatted("15m"));
    HttpResponse<String> paused =
        gateway.postJson(
            "/api/remediation/pause",
            "{\"by\": \"carol\", \"reason\": \"cluster upgrade\"}",
            WRITE);
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    assertThat(TestGateway.json(paused).get("paused").asBoolean()).isTrue();
    long incident = fire();
    diagnose(incident, RootCause.TRAFFIC_SURGE, 1000);
    Conditions.await(
        "the paused remediation to say so",
        Duration.ofSeconds(30),
        () ->
            timeline(incident).stream()
                .anyMatch(line -> line.contains("remediation is paused (by carol)")));
    assertThat(actions(incident)).isEmpty();
    assertThat(gateway.get("/metrics").body()).contains("firebreak_remediation_paused 1.0");

    HttpResponse<String> resumed =
        gateway.postJson("/api/remediation/resume", "{\"by\": \"carol\"}", WRITE);
    assertThat(TestGateway.json(resumed).get("paused").asBoolean()).isFalse();
    diagnose(incident, RootCause.TRAFFIC_SURGE, 1001);
    awaitAction(incident, "succeeded");
  }

  @Test
  void theKillSwitchHoldsAnApprovedActionThatHasNotStarted_untilResumed() throws IOException {
    start(LIVE.formatted("15m"));
    long incident = fire();
    diagnose(incident, RootCause.BAD_DEPLOY, 1000);
    long id = awaitAction(incident, "awaiting_approval").get("id").asLong();
    gateway.postJson("/api/remediation/pause", "{\"by\": \"carol\"}", WRITE);
    Instant approvedAt = Instant.now();
    HttpResponse<String> approved =
        gateway.postJson(
            "/api/incidents/" + incident + "/actions/" + id + "/approve",
            "{\"by\": \"carol\"}",
            WRITE);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    Conditions.await(
        "a worker to take the approved action and hold it",
        Duration.ofSeconds(30),
        () ->
            gateway
                .store
                .work()
                .item(dev.firebreak.analysis.port.Remediations.WORK_KIND, "action/" + id)
                .map(item -> item.dueAt().isAfter(approvedAt.plusSeconds(3)))
                .orElse(false));
    assertThat(actions(incident).get(0).get("state").asText()).isEqualTo("approved");
    assertThat(dispatcher.writes()).isEmpty();

    gateway.postJson("/api/remediation/resume", "{\"by\": \"carol\"}", WRITE);
    awaitAction(incident, "succeeded");
    assertThat(dispatcher.writes()).hasSize(1);
  }

  @Test
  void byDefaultEverythingIsADryRun_thePlanIsRecorded_andTheClusterUntouched() throws IOException {
    start(null);
    long incident = fire();
    diagnose(incident, RootCause.TRAFFIC_SURGE, 1000);
    JsonNode action = awaitAction(incident, "dry_run");
    assertThat(action.get("dryRun").asBoolean()).isTrue();
    assertThat(action.get("plan").asText()).contains("spec.replicas 3 → 4");
    assertThat(replicas()).isEqualTo(3);
    assertThat(dispatcher.writes()).isEmpty();
    assertThat(timeline(incident))
        .anyMatch(line -> line.startsWith("action: dry-run: would scale shop/checkout"));
  }
}
