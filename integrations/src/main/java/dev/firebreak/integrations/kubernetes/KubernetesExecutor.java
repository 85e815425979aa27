package dev.firebreak.integrations.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.port.ActionExecutor;
import dev.firebreak.analysis.port.CheckResult;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs actions on deployments and pods through the Kubernetes API (fabric8). Every change is
 * first sent as a server-side dry-run ({@code dryRun=All}); what the API server returns, set
 * against the live object, is the plan approvers see. A deployment governed by a
 * HorizontalPodAutoscaler is scaled through the autoscaler's bounds, never against it; a paused
 * deployment is not touched; an undo resolves its target revision explicitly and records it.
 */
public final class KubernetesExecutor implements ActionExecutor {

  /** The annotation {@code kubectl rollout restart} sets; a restart is a template change. */
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final String HASH = "pod-template-hash";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesExecutor(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(
        ActionKind.SCALE, ActionKind.RESTART, ActionKind.ROLLOUT_UNDO, ActionKind.DELETE_POD);
  }

  // --- plan --------------------------------------------------------------------------------

  @Override
  public Plan plan(ActionRequest request) {
    Target target = Target.of(request.target());
    return call(
        "dry-run of " + request.kind().wireName() + " " + target,
        () ->
            switch (request.kind()) {
              case SCALE -> planScale(request, target);
              case RESTART -> planRestart(target);
              case ROLLOUT_UNDO -> planUndo(request, target);
              case DELETE_POD -> planDelete(target);
              case RUNBOOK -> throw new IllegalArgumentException("not a Kubernetes action");
            });
  }

  private Plan planScale(ActionRequest request, Target target) {
    Optional<Deployment> live = deployment(target);
    if (live.isEmpty()) {
      return Plan.refused("deployment " + target + " not found");
    }
    int current = replicas(live.get());
    int wanted = current + added(request);
    Optional<HorizontalPodAutoscaler> hpa = autoscaler(target);
    if (hpa.isPresent()) {
      if ("refuse".equals(request.parameter("hpa", "patch"))) {
        return Plan.refused(
            "governed by HorizontalPodAutoscaler "
                + hpa.get().getMetadata().getName()
                + "; scaling the deployment would fight it");
      }
      HpaBounds bounds = HpaBounds.of(hpa.get());
      HpaBounds raised = bounds.raisedTo(Math.max(wanted, bounds.min() + added(request)));
      DryRun<HorizontalPodAutoscaler> planned =
          dryRun(() -> patchAutoscaler(target, hpa.get(), raised, true));
      if (planned.unknown().isPresent()) {
        return planned.unknown().get();
      }
      return Plan.changes(
          "HorizontalPodAutoscaler "
              + hpa.get().getMetadata().getName()
              + ": "
              + bounds.diff(raised));
    }
    DryRun<Deployment> planned = dryRun(() -> patchReplicas(target, wanted, true));
    if (planned.unknown().isPresent()) {
      return planned.unknown().get();
    }
    return Plan.changes(
        "deployment " + target + ": spec.replicas " + current + " → " + replicas(planned.answer()));
  }

  private Plan planRestart(Target target) {
    Optional<Deployment> live = deployment(target);
    if (live.isEmpty()) {
      return Plan.refused("deployment " + target + " not found");
    }
    if (paused(live.get())) {
      return Plan.refused("deployment " + target + " is paused; a restart would not roll out");
    }
    String stamp = stamp();
    DryRun<Deployment> planned = dryRun(() -> patchRestartedAt(target, stamp, true));
    if (planned.unknown().isPresent()) {
      return planned.unknown().get();
    }
    return Plan.changes(
        "deployment "
            + target
            + ": spec.template annotation "
            + RESTARTED_AT
            + " → "
            + stamp
            + " (its "
            + replicas(live.get())
            + " pod(s) replaced by the rollout strategy)");
  }

  private Plan planUndo(ActionRequest request, Target target) {
    Optional<Deployment> live = deployment(target);
    if (live.isEmpty()) {
      return Plan.refused("deployment " + target + " not found");
    }
    if (paused(live.get())) {
      return Plan.refused("deployment " + target + " is paused; resume it before undoing");
    }
    Optional<ReplicaSet> to = undoTarget(request, live.get());
    if (to.isEmpty()) {
      return Plan.refused("deployment " + target + " has no earlier revision to go back to");
    }
    PodTemplateSpec wanted = templateOf(to.get());
    if (wanted.equals(withoutHash(live.get().getSpec().getTemplate()))) {
      return new Plan(
          Plan.Outcome.NOOP,
          "deployment " + target + " already runs the template of revision " + revision(to.get()));
    }
    DryRun<Deployment> planned = dryRun(() -> replaceTemplate(target, wanted, true));
    if (planned.unknown().isPresent()) {
      return planned.unknown().get();
    }
    return Plan.changes(
        "deployment "
            + target
            + ": revision "
            + revision(live.get())
            + " → "
            + revision(to.get())
            + " ("
            + TemplateDiff.of(live.get().getSpec().getTemplate(), wanted)
            + ")");
  }

  private Plan planDelete(Target target) {
    Pod pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
    if (pod == null) {
      return Plan.refused("pod " + target + " not found");
    }
    Optional<OwnerReference> owner = controller(pod);
    if (owner.isEmpty()) {
      return Plan.refused("pod " + target + " has no controller; deleted, it would not come back");
    }
    DryRun<?> planned =
        dryRun(
            () ->
                client
                    .pods()
                    .inNamespace(target.namespace())
                    .withName(target.name())
                    .dryRun()
                    .delete());
    if (planned.unknown().isPresent()) {
      return planned.unknown().get();
    }
    return Plan.changes(
        "delete pod "
            + target
            + " ("
            + restarts(pod)
            + " restart(s)); "
            + owner.get().getKind()
            + " "
            + owner.get().getName()
            + " replaces it");
  }

  // --- snapshot, execute, observe, rollback ------------------------------------------------

  @Override
  public Map<String, String> snapshot(ActionRequest request) {
    Target target = Target.of(request.target());
    return call(
        "reading " + target,
        () -> {
          Map<String, String> prior = new LinkedHashMap<>();
          switch (request.kind()) {
            case SCALE -> {
              Deployment live = require(target);
              int current = replicas(live);
              prior.put("replicas", String.valueOf(current));
              prior.put("target_replicas", String.valueOf(current + added(request)));
              Optional<HorizontalPodAutoscaler> hpa = autoscaler(target);
              if (hpa.isPresent()) {
                HpaBounds bounds = HpaBounds.of(hpa.get());
                HpaBounds raised =
                    bounds.raisedTo(
                        Math.max(current + added(request), bounds.min() + added(request)));
                prior.put("hpa", hpa.get().getMetadata().getName());
                prior.put("hpa_min", String.valueOf(bounds.min()));
                prior.put("hpa_max", String.valueOf(bounds.max()));
                prior.put("hpa_target_min", String.valueOf(raised.min()));
                prior.put("hpa_target_max", String.valueOf(raised.max()));
              }
            }
            case RESTART -> {
              Deployment live = require(target);
              prior.put("restarted_at", stamp());
              String before = annotations(live.getSpec().getTemplate()).get(RESTARTED_AT);
              if (before != null) {
                prior.put("previous_restarted_at", before);
              }
            }
            case ROLLOUT_UNDO -> {
              Deployment live = require(target);
              ReplicaSet to =
                  undoTarget(request, live)
                      .orElseThrow(
                          () -> new ActionException(target + " has no earlier revision", true));
              prior.put("revision", revision(live));
              prior.put(
                  "template", Serialization.asJson(withoutHash(live.getSpec().getTemplate())));
              prior.put("to_revision", revision(to));
              prior.put("to_template", Serialization.asJson(templateOf(to)));
            }
            case DELETE_POD -> {
              Pod pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
              if (pod == null) {
                throw new ActionException("pod " + target + " not found", true);
              }
              prior.put("uid", pod.getMetadata().getUid());
            }
            case RUNBOOK -> throw new IllegalArgumentException("not a Kubernetes action");
          }
          return prior;
        });
  }

  @Override
  public String execute(ActionRequest request, Map<String, String> prior) {
    Target target = Target.of(request.target());
    return call(
        request.kind().wireName() + " " + target,
        () ->
            switch (request.kind()) {
              case SCALE -> {
                if (prior.containsKey("hpa")) {
                  HpaBounds raised =
                      new HpaBounds(
                          Integer.parseInt(prior.get("hpa_target_min")),
                          Integer.parseInt(prior.get("hpa_target_max")));
                  patchAutoscaler(target, autoscalerNamed(target, prior.get("hpa")), raised, false);
                  yield "HorizontalPodAutoscaler "
                      + prior.get("hpa")
                      + ": "
                      + new HpaBounds(
                              Integer.parseInt(prior.get("hpa_min")),
                              Integer.parseInt(prior.get("hpa_max")))
                          .diff(raised);
                }
                Deployment after =
                    patchReplicas(target, Integer.parseInt(prior.get("target_replicas")), false);
                yield "spec.replicas " + prior.get("replicas") + " → " + replicas(after);
              }
              case RESTART -> {
                patchRestartedAt(target, prior.get("restarted_at"), false);
                yield "restart rolled out (" + RESTARTED_AT + " " + prior.get("restarted_at") + ")";
              }
              case ROLLOUT_UNDO -> {
                replaceTemplate(target, template(prior.get("to_template")), false);
                yield "revision "
                    + prior.get("revision")
                    + " → template of revision "
                    + prior.get("to_revision");
              }
              case DELETE_POD -> {
                client.pods().inNamespace(target.namespace()).withName(target.name()).delete();
                yield "pod " + target + " deleted";
              }
              case RUNBOOK -> throw new IllegalArgumentException("not a Kubernetes action");
            });
  }

  @Override
  public Observed observe(ActionRequest request, Map<String, String> prior) {
    Target target = Target.of(request.target());
    return call(
        "reading " + target,
        () ->
            switch (request.kind()) {
              case SCALE -> {
                if (prior.containsKey("hpa")) {
                  HpaBounds now = HpaBounds.of(autoscalerNamed(target, prior.get("hpa")));
                  yield now.min() == Integer.parseInt(prior.get("hpa_target_min"))
                      ? Observed.RAN
                      : now.min() == Integer.parseInt(prior.get("hpa_min"))
                          ? Observed.NOT_RAN
                          : Observed.UNKNOWN;
                }
                int now = replicas(require(target));
                yield now == Integer.parseInt(prior.get("target_replicas"))
                    ? Observed.RAN
                    : now == Integer.parseInt(prior.get("replicas"))
                        ? Observed.NOT_RAN
                        : Observed.UNKNOWN;
              }
              case RESTART ->
                  prior
                          .get("restarted_at")
                          .equals(
                              annotations(require(target).getSpec().getTemplate())
                                  .get(RESTARTED_AT))
                      ? Observed.RAN
                      : Observed.NOT_RAN;
              case ROLLOUT_UNDO -> {
                PodTemplateSpec now = withoutHash(require(target).getSpec().getTemplate());
                yield now.equals(template(prior.get("to_template")))
                    ? Observed.RAN
                    : now.equals(template(prior.get("template")))
                        ? Observed.NOT_RAN
                        : Observed.UNKNOWN;
              }
              case DELETE_POD -> {
                Pod pod =
                    client.pods().inNamespace(target.namespace()).withName(target.name()).get();
                yield pod == null
                        || !prior.get("uid").equals(pod.getMetadata().getUid())
                        || pod.getMetadata().getDeletionTimestamp() != null
                    ? Observed.RAN
                    : Observed.NOT_RAN;
              }
              case RUNBOOK -> throw new IllegalArgumentException("not a Kubernetes action");
            });
  }

  @Override
  public String rollback(ActionRequest request, Map<String, String> prior) {
    Target target = Target.of(request.target());
    return call(
        "rollback of " + request.kind().wireName() + " " + target,
        () ->
            switch (request.kind()) {
              case SCALE -> {
                if (prior.containsKey("hpa")) {
                  HpaBounds restored =
                      new HpaBounds(
                          Integer.parseInt(prior.get("hpa_min")),
                          Integer.parseInt(prior.get("hpa_max")));
                  patchAutoscaler(
                      target, autoscalerNamed(target, prior.get("hpa")), restored, false);
                  yield "HorizontalPodAutoscaler "
                      + prior.get("hpa")
                      + " bounds restored to "
                      + restored;
                }
                int before = replicas(require(target));
                Deployment after =
                    patchReplicas(target, Integer.parseInt(prior.get("replicas")), false);
                yield "spec.replicas " + before + " → " + replicas(after);
              }
              case ROLLOUT_UNDO -> {
                replaceTemplate(target, template(prior.get("template")), false);
                yield "template of revision " + prior.get("revision") + " restored";
              }
              case RESTART, DELETE_POD, RUNBOOK ->
                  throw new ActionException(
                      "a " + request.kind().wireName() + " cannot be rolled back", true);
            });
  }

  @Override
  public CheckResult check() {
    try {
      return new CheckResult(
          true,
          "Kubernetes "
              + client.getKubernetesVersion().getGitVersion()
              + " at "
              + client.getMasterUrl());
    } catch (KubernetesClientException e) {
      return CheckResult.failed("Kubernetes at " + client.getMasterUrl() + ": " + reason(e));
    }
  }

  @Override
  public void close() {
    client.close();
  }

  // --- the API calls -----------------------------------------------------------------------

  private Deployment patchReplicas(Target target, int replicas, boolean dryRun) {
    return deployments(target, dryRun)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private Deployment patchRestartedAt(Target target, String stamp, boolean dryRun) {
    Map<String, Object> patch =
        Map.of(
            "spec",
            Map.of(
                "template",
                Map.of("metadata", Map.of("annotations", Map.of(RESTARTED_AT, stamp)))));
    return deployments(target, dryRun)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  private Deployment replaceTemplate(Target target, PodTemplateSpec template, boolean dryRun) {
    List<Map<String, Object>> patch =
        List.of(Map.of("op", "replace", "path", "/spec/template", "value", template));
    return deployments(target, dryRun)
        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(patch));
  }

  private HorizontalPodAutoscaler patchAutoscaler(
      Target target, HorizontalPodAutoscaler hpa, HpaBounds bounds, boolean dryRun) {
    var resource =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(target.namespace())
            .withName(hpa.getMetadata().getName());
    String patch =
        "{\"spec\":{\"minReplicas\":" + bounds.min() + ",\"maxReplicas\":" + bounds.max() + "}}";
    return dryRun
        ? resource.dryRun().patch(PatchContext.of(PatchType.JSON_MERGE), patch)
        : resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private io.fabric8.kubernetes.client.dsl.EditReplacePatchable<Deployment> deployments(
      Target target, boolean dryRun) {
    var resource =
        client.apps().deployments().inNamespace(target.namespace()).withName(target.name());
    return dryRun ? resource.dryRun() : resource;
  }

  /**
   * A dry-run's answer, or the "plan unknown" of one the API server refused with 400 (an
   * admission webhook that is not dry-run safe): such an action needs an approval.
   */
  private static <T> DryRun<T> dryRun(java.util.function.Supplier<T> call) {
    try {
      return new DryRun<>(call.get(), Optional.empty());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 400) {
        return new DryRun<>(
            null,
            Optional.of(
                new Plan(
                    Plan.Outcome.UNKNOWN, "the API server refused the dry-run: " + reason(e))));
      }
      throw e;
    }
  }

  private record DryRun<T>(T answer, Optional<Plan> unknown) {}

  private Optional<Deployment> deployment(Target target) {
    return Optional.ofNullable(
        client.apps().deployments().inNamespace(target.namespace()).withName(target.name()).get());
  }

  private Deployment require(Target target) {
    return deployment(target)
        .orElseThrow(() -> new ActionException("deployment " + target + " not found", true));
  }

  private Optional<HorizontalPodAutoscaler> autoscaler(Target target) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(target.namespace())
        .list()
        .getItems()
        .stream()
        .filter(
            hpa ->
                hpa.getSpec() != null
                    && hpa.getSpec().getScaleTargetRef() != null
                    && "Deployment".equals(hpa.getSpec().getScaleTargetRef().getKind())
                    && target.name().equals(hpa.getSpec().getScaleTargetRef().getName()))
        .findFirst();
  }

  private HorizontalPodAutoscaler autoscalerNamed(Target target, String name) {
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(target.namespace())
            .withName(name)
            .get();
    if (hpa == null) {
      throw new ActionException("HorizontalPodAutoscaler " + name + " not found", true);
    }
    return hpa;
  }

  /**
   * The revision to undo to: the one the playbook names, else the newest before the current,
   * as {@code kubectl rollout undo} picks it.
   */
  private Optional<ReplicaSet> undoTarget(ActionRequest request, Deployment deployment) {
    long current = parseRevision(revision(deployment));
    Optional<Long> named =
        Optional.ofNullable(request.parameters().get("to_revision")).map(Long::parseLong);
    return ownedReplicaSets(deployment).stream()
        .filter(
            rs ->
                named
                    .map(n -> parseRevision(revision(rs)) == n)
                    .orElse(parseRevision(revision(rs)) < current))
        .max(Comparator.comparingLong(rs -> parseRevision(revision(rs))));
  }

  private List<ReplicaSet> ownedReplicaSets(Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    return client
        .apps()
        .replicaSets()
        .inNamespace(deployment.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences() != null
                    && rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                            owner ->
                                "Deployment".equals(owner.getKind())
                                    && (uid == null
                                        ? deployment.getMetadata().getName().equals(owner.getName())
                                        : uid.equals(owner.getUid()))))
        .toList();
  }

  private static PodTemplateSpec templateOf(ReplicaSet rs) {
    return withoutHash(rs.getSpec().getTemplate());
  }

  /** A template without the label the ReplicaSet controller adds, as kubectl compares them. */
  static PodTemplateSpec withoutHash(PodTemplateSpec template) {
    PodTemplateSpec copy = Serialization.clone(template);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
      labels.remove(HASH);
      copy.getMetadata().setLabels(labels);
    }
    return copy;
  }

  private static PodTemplateSpec template(String json) {
    return Serialization.unmarshal(json, PodTemplateSpec.class);
  }

  private static Map<String, String> annotations(PodTemplateSpec template) {
    return template.getMetadata() == null || template.getMetadata().getAnnotations() == null
        ? Map.of()
        : template.getMetadata().getAnnotations();
  }

  private static String revision(io.fabric8.kubernetes.api.model.HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? "0" : annotations.getOrDefault(REVISION, "0");
  }

  private static long parseRevision(String revision) {
    try {
      return Long.parseLong(revision);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int replicas(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  private static boolean paused(Deployment deployment) {
    return Boolean.TRUE.equals(deployment.getSpec().getPaused());
  }

  private static int added(ActionRequest request) {
    int step = Integer.parseInt(request.parameter("step", "1"));
    int most = Integer.parseInt(request.parameter("max_added", String.valueOf(step)));
    return Math.max(1, Math.min(step, most));
  }

  private static Optional<OwnerReference> controller(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners == null
        ? Optional.empty()
        : owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
  }

  private static int restarts(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .mapToInt(status -> status.getRestartCount() == null ? 0 : status.getRestartCount())
        .sum();
  }

  private String stamp() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Runs a call, turning the client's failures into what the remediator understands. */
  private static <T> T call(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      int code = e.getCode();
      boolean permanent = code == 400 || code == 401 || code == 403 || code == 404 || code == 422;
      throw new ActionException(what + ": " + reason(e), permanent, e);
    }
  }

  private static String reason(KubernetesClientException e) {
    if (e.getCode() <= 0) {
      // No HTTP answer at all (fabric8 says 0 or -1 and "An error has occurred.").
      return "cannot reach the API server (" + rootCause(e) + ")";
    }
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getCode() + " " + e.getStatus().getMessage();
    }
    return e.getCode() + " " + e.getMessage();
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  /** A {@code namespace/name}. */
  record Target(String namespace, String name) {
    static Target of(String text) {
      int slash = text.indexOf('/');
      if (slash <= 0 || slash == text.length() - 1) {
        throw new ActionException("not a namespace/name: " + text, true);
      }
      return new Target(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /** An autoscaler's replica bounds. */
  record HpaBounds(int min, int max) {
    static HpaBounds of(HorizontalPodAutoscaler hpa) {
      Integer min = hpa.getSpec().getMinReplicas();
      return new HpaBounds(min == null ? 1 : min, hpa.getSpec().getMaxReplicas());
    }

    /** The minimum raised to {@code wanted}, the maximum with it when it was lower. */
    HpaBounds raisedTo(int wanted) {
      return new HpaBounds(Math.max(min, wanted), Math.max(max, Math.max(min, wanted)));
    }

    String diff(HpaBounds after) {
      return "minReplicas "
          + min
          + " → "
          + after.min()
          + ", maxReplicas "
          + max
          + " → "
          + after.max();
    }

    @Override
    public String toString() {
      return "minReplicas " + min + ", maxReplicas " + max;
    }
  }
}
