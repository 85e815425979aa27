package dev.firebreak.integrations.kubernetes;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.ActionExecutor.ActionRequest;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Deployments with revisions in a mock cluster, as a real cluster's controllers leave them. */
final class KubeFixtures {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private KubeFixtures() {}

  static KubernetesMockServer server(DryRunCrudDispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    return server;
  }

  static PodTemplateSpec template(String image, String hash) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "checkout")
        .addToLabels("pod-template-hash", hash)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("checkout")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  static Deployment deployment(int replicas, String image, int revision) {
    PodTemplateSpec template = template(image, "ignored");
    template.getMetadata().getLabels().remove("pod-template-hash");
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace("shop")
        .withUid("dep-uid")
        .addToAnnotations(KubernetesExecutor.REVISION, String.valueOf(revision))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", "checkout")
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  static ReplicaSet replicaSet(String image, String hash, int revision, String ownerUid) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName("checkout-" + hash)
        .withNamespace("shop")
        .addToAnnotations(KubernetesExecutor.REVISION, String.valueOf(revision))
        .addNewOwnerReference()
        .withKind("Deployment")
        .withName("checkout")
        .withUid(ownerUid)
        .withController(true)
        .withApiVersion("apps/v1")
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withTemplate(template(image, hash))
        .endSpec()
        .build();
  }

  static ActionRequest request(
      long id, ActionKind kind, String target, Map<String, String> parameters) {
    Incident incident =
        new Incident(
            7,
            "HighErrorRate checkout",
            IncidentStatus.OPEN,
            Severity.CRITICAL,
            "checkout",
            Map.of("service", "checkout", "namespace", "shop"),
            Set.of(Source.ALERTMANAGER),
            T0,
            T0,
            T0,
            null,
            null,
            1);
    return new ActionRequest(id, kind, target, parameters, incident, Optional.empty());
  }
}
