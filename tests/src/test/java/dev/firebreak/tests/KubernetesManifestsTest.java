package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.ActionExecutor.ActionRequest;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.integrations.kubernetes.KubernetesExecutor;
import dev.firebreak.integrations.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests under {@code deploy/kubernetes/}: every document parses into its typed object,
 * the Deployment runs what the README says, the policy in the ConfigMap loads, the PrometheusRule
 * carries exactly the rules of {@code prometheus/rules/firebreak.yml}, and the ClusterRole grants
 * exactly the verbs the remediation executor's calls need — found by running every action, its
 * plan, observation and rollback against the mock API server and reading its requests.
 */
class KubernetesManifestsTest {

  private static final Pattern PATH =
      Pattern.compile(
          "^(GET|PATCH|DELETE|POST|PUT) /(?:api/v1|apis/([a-z.]+)/[a-z0-9]+)/namespaces/[^/]+/([a-z]+)(/[^/?]+)?");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path directory;

  private static List<HasMetadata> load(KubernetesClient client, String file) throws Exception {
    try (InputStream in =
        Files.newInputStream(Repository.root().resolve("deploy/kubernetes/" + file))) {
      return client.load(in).items();
    }
  }

  @Test
  void everyDocumentParses_andTheDeploymentRunsTheGatewayAsDocumented() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      List<HasMetadata> items = load(cluster.client(), "firebreak.yaml");
      assertThat(items)
          .extracting(item -> item.getClass().getSimpleName())
          .containsExactly(
              "ServiceAccount",
              "ClusterRole",
              "ClusterRoleBinding",
              "ConfigMap",
              "Deployment",
              "Service");
      Deployment deployment = (Deployment) items.get(4);
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
      assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
          .isEqualTo(((ServiceAccount) items.get(0)).getMetadata().getName());
      Container gateway = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
      assertThat(gateway.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
      Map<String, EnvVar> env =
          gateway.getEnv().stream()
              .collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
      assertThat(env.get("FIREBREAK_KUBECONFIG").getValue()).isEqualTo("in-cluster");
      assertThat(env.get("FIREBREAK_DATABASE_URL").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("firebreak");
      assertThat(env.values())
          .filteredOn(e -> e.getValueFrom() == null)
          .as("no credential written into the manifest")
          .noneMatch(e -> e.getName().contains("TOKEN") || e.getName().contains("SECRET"));
      Service service = (Service) items.get(5);
      assertThat(service.getSpec().getSelector())
          .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());

      String policy = ((ConfigMap) items.get(3)).getData().get("response.yaml");
      Path file = directory.resolve("response.yaml");
      Files.writeString(file, policy);
      GatewayConfig config = ConfigLoader.load(Map.of("FIREBREAK_RESPONSE_FILE", file.toString()));
      assertThat(config.remediation().policy().dryRun()).isTrue();
      assertThat(config.remediation().policy().namespaces().admits("firebreak")).isFalse();

      List<HasMetadata> monitoring = load(cluster.client(), "monitoring.yaml");
      assertThat(monitoring)
          .extracting(HasMetadata::getKind)
          .containsExactly("PrometheusRule", "AlertmanagerConfig");
      JsonNode groups =
          YAML.valueToTree(
                  ((GenericKubernetesResource) monitoring.get(0))
                      .getAdditionalProperties()
                      .get("spec"))
              .get("groups");
      JsonNode expected =
          YAML.readTree(Repository.root().resolve("prometheus/rules/firebreak.yml").toFile())
              .get("groups");
      assertThat(groups).isEqualTo(expected);
      String url =
          YAML.valueToTree(
                  ((GenericKubernetesResource) monitoring.get(1))
                      .getAdditionalProperties()
                      .get("spec"))
              .at("/receivers/0/webhookConfigs/0/url")
              .asText();
      assertThat(url)
          .isEqualTo(
              "http://"
                  + service.getMetadata().getName()
                  + "."
                  + service.getMetadata().getNamespace()
                  + ".svc:8080/webhooks/alertmanager");
    }
  }

  @Test
  void theClusterRoleGrantsExactlyWhatTheExecutorCalls() throws Exception {
    Set<String> called = new TreeSet<>();
    try (MockCluster cluster = new MockCluster()) {
      KubernetesClient kube = cluster.client();
      fixtures(kube);
      cluster.dispatcher().forget();
      KubernetesExecutor executor = new KubernetesExecutor(kube, Clock.systemUTC());
      for (ActionRequest request :
          List.of(
              request(ActionKind.SCALE, "shop/checkout"),
              request(ActionKind.SCALE, "shop/autoscaled"),
              request(ActionKind.RESTART, "shop/checkout"),
              request(ActionKind.ROLLOUT_UNDO, "shop/checkout"),
              request(ActionKind.DELETE_POD, "shop/checkout-r5-x1"))) {
        executor.plan(request);
        Map<String, String> prior = executor.snapshot(request);
        executor.observe(request, prior);
        executor.execute(request, prior);
        executor.observe(request, prior);
        if (request.kind().reversible()) {
          executor.rollback(request, prior);
        }
      }
      for (String line : cluster.dispatcher().requests()) {
        Matcher matcher = PATH.matcher(line);
        assertThat(matcher.find()).as("a namespaced resource call: " + line).isTrue();
        String group = matcher.group(2) == null ? "" : matcher.group(2);
        String verb =
            switch (matcher.group(1)) {
              case "GET" -> matcher.group(4) == null ? "list" : "get";
              case "PATCH" -> "patch";
              case "DELETE" -> "delete";
              case "POST" -> "create";
              default -> "update";
            };
        called.add(group + "/" + matcher.group(3) + ":" + verb);
      }
      ClusterRole role = (ClusterRole) load(kube, "firebreak.yaml").get(1);
      Set<String> granted = new TreeSet<>();
      for (PolicyRule rule : role.getRules()) {
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              granted.add(group + "/" + resource + ":" + verb);
            }
          }
        }
      }
      assertThat(granted).isEqualTo(called);
      ClusterRoleBinding binding = (ClusterRoleBinding) load(kube, "firebreak.yaml").get(2);
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    }
  }

  private static void fixtures(KubernetesClient kube) {
    for (String name : List.of("checkout", "autoscaled")) {
      kube.apps()
          .deployments()
          .inNamespace("shop")
          .resource(
              new DeploymentBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace("shop")
                  .addToAnnotations("deployment.kubernetes.io/revision", "5")
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(2)
                  .withNewTemplate()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("app")
                  .withImage("shop/app:2.1")
                  .endContainer()
                  .endSpec()
                  .endTemplate()
                  .endSpec()
                  .build())
          .create();
    }
    String uid =
        kube.apps()
            .deployments()
            .inNamespace("shop")
            .withName("checkout")
            .get()
            .getMetadata()
            .getUid();
    kube.apps()
        .replicaSets()
        .inNamespace("shop")
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("checkout-r4")
                .withNamespace("shop")
                .addToAnnotations("deployment.kubernetes.io/revision", "4")
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
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/app:2.0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    kube.autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("shop")
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("autoscaled")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withMinReplicas(2)
                .withMaxReplicas(5)
                .withNewScaleTargetRef()
                .withKind("Deployment")
                .withName("autoscaled")
                .withApiVersion("apps/v1")
                .endScaleTargetRef()
                .endSpec()
                .build())
        .create();
    kube.pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("checkout-r5-x1")
                .withNamespace("shop")
                .addNewOwnerReference()
                .withKind("ReplicaSet")
                .withName("checkout-r5")
                .withUid("rs-uid")
                .withController(true)
                .withApiVersion("apps/v1")
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
  }

  private static ActionRequest request(ActionKind kind, String target) {
    Instant now = Instant.now();
    Incident incident =
        new Incident(
            1,
            "test",
            IncidentStatus.OPEN,
            Severity.CRITICAL,
            "checkout",
            Map.of(),
            Set.of(Source.ALERTMANAGER),
            now,
            now,
            now,
            null,
            null,
            1);
    return new ActionRequest(
        1, kind, target, Map.of("step", "1", "max_added", "2"), incident, Optional.empty());
  }
}
