package dev.firebreak.integrations.kubernetes;

import static dev.firebreak.integrations.kubernetes.KubeFixtures.deployment;
import static dev.firebreak.integrations.kubernetes.KubeFixtures.replicaSet;
import static dev.firebreak.integrations.kubernetes.KubeFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.port.ActionExecutor.ActionException;
import dev.firebreak.analysis.port.ActionExecutor.ActionRequest;
import dev.firebreak.analysis.port.ActionExecutor.Observed;
import dev.firebreak.analysis.port.ActionExecutor.Plan;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes executor against fabric8's mock API server in CRUD mode, which keeps the
 * objects as a cluster would; its dispatcher answers dry-runs without changing anything and
 * keeps every request, so each test can say which calls changed the cluster.
 */
class KubernetesExecutorTest {

  private DryRunCrudDispatcher dispatcher;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private KubernetesExecutor executor;

  @BeforeEach
  void start() {
    dispatcher = new DryRunCrudDispatcher();
    server = KubeFixtures.server(dispatcher);
    // One try per call: the remediator's work queue retries, with its own backoff.
    client =
        server.createClient(
            builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    executor = new KubernetesExecutor(client, Clock.fixed(KubeFixtures.T0, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private Deployment live() {
    return client.apps().deployments().inNamespace("shop").withName("checkout").get();
  }

  /** The uid the API server gave the deployment, which its ReplicaSets' owner references carry. */
  private String uid() {
    return live().getMetadata().getUid();
  }

  private void create(Deployment deployment) {
    client.apps().deployments().inNamespace("shop").resource(deployment).create();
    dispatcher.forget();
  }

  @Test
  void scale_plansByDryRunWithoutChanging_thenAddsTheStep_andRollbackRestoresTheRecordedReplicas() {
    create(deployment(3, "shop/checkout:2.1", 5));
    ActionRequest scale =
        request(1, ActionKind.SCALE, "shop/checkout", Map.of("step", "2", "max_added", "4"));

    Plan plan = executor.plan(scale);
    assertThat(plan.outcome()).isEqualTo(Plan.Outcome.CHANGES);
    assertThat(plan.diff()).contains("spec.replicas 3 → 5");
    assertThat(dispatcher.dryRuns()).singleElement().asString().startsWith("PATCH");
    assertThat(dispatcher.writes()).as("a dry-run changes nothing").isEmpty();
    assertThat(live().getSpec().getReplicas()).isEqualTo(3);

    Map<String, String> prior = executor.snapshot(scale);
    assertThat(prior).containsEntry("replicas", "3").containsEntry("target_replicas", "5");
    assertThat(executor.observe(scale, prior)).isEqualTo(Observed.NOT_RAN);
    assertThat(executor.execute(scale, prior)).contains("3 → 5");
    assertThat(live().getSpec().getReplicas()).isEqualTo(5);
    assertThat(executor.observe(scale, prior)).isEqualTo(Observed.RAN);

    assertThat(executor.rollback(scale, prior)).contains("5 → 3");
    assertThat(live().getSpec().getReplicas()).isEqualTo(3);
    assertThat(dispatcher.writes()).hasSize(2).allMatch(line -> line.startsWith("PATCH"));
  }

  @Test
  void scale_ofADeploymentAnAutoscalerGoverns_raisesTheAutoscalersBounds_neverTheReplicas() {
    create(deployment(4, "shop/checkout:2.1", 5));
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("shop")
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("checkout")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withMinReplicas(2)
                .withMaxReplicas(5)
                .withNewScaleTargetRef()
                .withKind("Deployment")
                .withName("checkout")
                .withApiVersion("apps/v1")
                .endScaleTargetRef()
                .endSpec()
                .build())
        .create();
    ActionRequest scale = request(2, ActionKind.SCALE, "shop/checkout", Map.of("step", "2"));

    assertThat(executor.plan(scale).diff())
        .contains("HorizontalPodAutoscaler checkout")
        .contains("minReplicas 2 → 6")
        .contains("maxReplicas 5 → 6");
    Map<String, String> prior = executor.snapshot(scale);
    executor.execute(scale, prior);
    var hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace("shop")
            .withName("checkout")
            .get();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(6);
    assertThat(live().getSpec().getReplicas()).as("the autoscaler's to set").isEqualTo(4);
    assertThat(executor.observe(scale, prior)).isEqualTo(Observed.RAN);

    executor.rollback(scale, prior);
    hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace("shop")
            .withName("checkout")
            .get();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);

    ActionRequest refusing =
        request(3, ActionKind.SCALE, "shop/checkout", Map.of("step", "1", "hpa", "refuse"));
    assertThat(executor.plan(refusing).outcome()).isEqualTo(Plan.Outcome.REFUSED);
  }

  @Test
  void undo_resolvesThePreviousRevision_recordsIt_andRollbackRestoresTheTemplate() {
    create(deployment(3, "shop/checkout:2.1", 5));
    client
        .apps()
        .replicaSets()
        .inNamespace("shop")
        .resource(replicaSet("shop/checkout:1.9", "aaa", 3, uid()))
        .create();
    client
        .apps()
        .replicaSets()
        .inNamespace("shop")
        .resource(replicaSet("shop/checkout:2.0", "bbb", 4, uid()))
        .create();
    client
        .apps()
        .replicaSets()
        .inNamespace("shop")
        .resource(replicaSet("shop/checkout:2.1", "ccc", 5, uid()))
        .create();
    ActionRequest undo = request(4, ActionKind.ROLLOUT_UNDO, "shop/checkout", Map.of());

    Plan plan = executor.plan(undo);
    assertThat(plan.outcome()).as(plan.diff()).isEqualTo(Plan.Outcome.CHANGES);
    assertThat(plan.diff())
        .contains("revision 5 → 4")
        .contains("image shop/checkout:2.1 → shop/checkout:2.0");
    assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("shop/checkout:2.1");

    Map<String, String> prior = executor.snapshot(undo);
    assertThat(prior).containsEntry("revision", "5").containsEntry("to_revision", "4");
    executor.execute(undo, prior);
    assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("shop/checkout:2.0");
    assertThat(live().getSpec().getTemplate().getMetadata().getLabels())
        .as("the ReplicaSet's hash label is not copied")
        .doesNotContainKey("pod-template-hash");
    assertThat(executor.observe(undo, prior)).isEqualTo(Observed.RAN);

    executor.rollback(undo, prior);
    assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("shop/checkout:2.1");

    ActionRequest named =
        request(5, ActionKind.ROLLOUT_UNDO, "shop/checkout", Map.of("to_revision", "3"));
    assertThat(executor.plan(named).diff()).contains("shop/checkout:1.9");
  }

  @Test
  void undo_refusesAPausedDeployment_andIsANoOpWhenTheTemplateAlreadyMatches() {
    Deployment paused = deployment(3, "shop/checkout:2.0", 5);
    paused.getSpec().setPaused(true);
    create(paused);
    client
        .apps()
        .replicaSets()
        .inNamespace("shop")
        .resource(replicaSet("shop/checkout:2.0", "bbb", 4, uid()))
        .create();
    ActionRequest undo = request(6, ActionKind.ROLLOUT_UNDO, "shop/checkout", Map.of());
    assertThat(executor.plan(undo).outcome()).isEqualTo(Plan.Outcome.REFUSED);
    assertThat(executor.plan(undo).diff()).contains("paused");

    Deployment resumed = live();
    resumed.getSpec().setPaused(false);
    client.apps().deployments().inNamespace("shop").resource(resumed).update();
    Plan noop = executor.plan(undo);
    assertThat(noop.outcome()).isEqualTo(Plan.Outcome.NOOP);
    assertThat(noop.diff()).contains("already runs the template of revision 4");
  }

  @Test
  void restart_stampsTheTemplate_andIsRecognisedAfterACrash_butCannotBeRolledBack() {
    create(deployment(2, "shop/checkout:2.1", 5));
    ActionRequest restart = request(7, ActionKind.RESTART, "shop/checkout", Map.of());
    assertThat(executor.plan(restart).diff()).contains(KubernetesExecutor.RESTARTED_AT);
    assertThat(dispatcher.writes()).isEmpty();
    Map<String, String> prior = executor.snapshot(restart);
    assertThat(executor.observe(restart, prior)).isEqualTo(Observed.NOT_RAN);
    executor.execute(restart, prior);
    assertThat(live().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(KubernetesExecutor.RESTARTED_AT, "2026-12-01T10:00:00Z");
    assertThat(executor.observe(restart, prior)).isEqualTo(Observed.RAN);
    assertThatThrownBy(() -> executor.rollback(restart, prior))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("cannot be rolled back");
  }

  @Test
  void deletePod_onlyForAPodItsControllerReplaces() {
    client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("checkout-ccc-x1")
                .withNamespace("shop")
                .withUid("pod-uid")
                .addNewOwnerReference()
                .withKind("ReplicaSet")
                .withName("checkout-ccc")
                .withUid("rs-uid")
                .withController(true)
                .withApiVersion("apps/v1")
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("bare")
                .withNamespace("shop")
                .endMetadata()
                .build())
        .create();
    ActionRequest delete = request(8, ActionKind.DELETE_POD, "shop/checkout-ccc-x1", Map.of());
    Plan plan = executor.plan(delete);
    assertThat(plan.diff()).contains("ReplicaSet checkout-ccc replaces it");
    assertThat(client.pods().inNamespace("shop").withName("checkout-ccc-x1").get())
        .as("dry-run")
        .isNotNull();
    Map<String, String> prior = executor.snapshot(delete);
    executor.execute(delete, prior);
    assertThat(client.pods().inNamespace("shop").withName("checkout-ccc-x1").get()).isNull();
    assertThat(executor.observe(delete, prior)).isEqualTo(Observed.RAN);

    assertThat(executor.plan(request(9, ActionKind.DELETE_POD, "shop/bare", Map.of())).outcome())
        .isEqualTo(Plan.Outcome.REFUSED);
  }

  @Test
  void aMissingDeploymentIsRefused_andAnUnreachableApiServerIsATransientFailure() {
    assertThat(executor.plan(request(10, ActionKind.SCALE, "shop/nothing", Map.of())).outcome())
        .isEqualTo(Plan.Outcome.REFUSED);
    server.destroy();
    assertThatThrownBy(
            () -> executor.plan(request(11, ActionKind.SCALE, "shop/checkout", Map.of())))
        .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.permanent()).isFalse());
    assertThat(executor.check().ok()).isFalse();
    assertThat(executor.check().detail()).contains("cannot reach the API server");
  }
}
