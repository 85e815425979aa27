package dev.firebreak.gateway.api;

import static dev.firebreak.gateway.api.IncidentApi.id;
import static dev.firebreak.gateway.api.IncidentApi.rejectUnknownParameters;
import static dev.firebreak.gateway.api.IncidentApi.unavailableOnStoreFailure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.model.ActionRecord;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.remediate.RemediationPolicy;
import dev.firebreak.analysis.remediate.Remediator;
import dev.firebreak.analysis.remediate.Remediator.Answer;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.http.ApiException;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remediation through the API: an incident's actions with their audit trail ({@code GET
 * /api/incidents/{id}/actions}); approving, rejecting and undoing one ({@code POST
 * …/actions/{aid}/approve|reject|undo}, write token, {@code {"by": "carol"}}); and the kill
 * switch every gateway sharing the store obeys ({@code GET /api/remediation}, {@code POST
 * /api/remediation/pause|resume}).
 */
public final class RemediationApi {

  private static final Set<String> ANSWER_FIELDS = Set.of("by", "reason");
  private static final int MAX_FIELD = 1024;

  private final IncidentStore store;
  private final Remediator remediator;
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;

  private RemediationApi(IncidentStore store, Remediator remediator, Clock clock) {
    this.store = store;
    this.remediator = remediator;
    this.clock = clock;
  }

  public static void mount(
      JavalinDefaultRoutingApi app,
      GatewayConfig config,
      IncidentStore store,
      Remediator remediator,
      Clock clock) {
    RemediationApi api = new RemediationApi(store, remediator, clock);
    ApiAuth auth = new ApiAuth(config);
    app.before("/api/remediation*", auth::check);
    app.get("/api/incidents/{id}/actions", api::list);
    app.post("/api/incidents/{id}/actions/{aid}/approve", ctx -> api.answer(ctx, "approve"));
    app.post("/api/incidents/{id}/actions/{aid}/reject", ctx -> api.answer(ctx, "reject"));
    app.post("/api/incidents/{id}/actions/{aid}/undo", ctx -> api.answer(ctx, "undo"));
    app.get("/api/remediation", api::status);
    app.post("/api/remediation/pause", api::pause);
    app.post("/api/remediation/resume", api::resume);
  }

  private void list(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    if (unavailableOnStoreFailure(() -> store.incidents().summary(id)).isEmpty()) {
      throw ApiException.notFound("no incident " + id);
    }
    List<RemediationAction> actions = unavailableOnStoreFailure(() -> store.remediations().of(id));
    ctx.json(
        Map.of(
            "items",
            actions.stream()
                .map(
                    action ->
                        json(
                            action,
                            unavailableOnStoreFailure(
                                () -> store.remediations().history(action.id()))))
                .toList()));
  }

  private void answer(Context ctx, String what) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    long actionId;
    try {
      actionId = Long.parseLong(ctx.pathParam("aid"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("action id must be a whole number");
    }
    Map<String, String> fields = fields(ctx, "{\"by\": \"carol\", \"reason\": \"…\"}");
    String by = fields.get("by");
    if (by == null || by.isBlank()) {
      throw ApiException.badRequest("field 'by' is required: who answers (an approver's name)");
    }
    String reason = fields.get("reason");
    Answer answer =
        unavailableOnStoreFailure(
            () ->
                switch (what) {
                  case "approve" -> remediator.approve(id, actionId, by.trim(), reason);
                  case "reject" -> remediator.reject(id, actionId, by.trim(), reason);
                  default -> remediator.undo(id, actionId, by.trim(), reason);
                });
    if (answer instanceof Answer.NotFound missing) {
      throw ApiException.notFound(missing.message());
    }
    if (answer instanceof Answer.Forbidden refused) {
      throw ApiException.forbidden(refused.message());
    }
    if (answer instanceof Answer.Conflict conflict) {
      throw ApiException.conflict(conflict.message());
    }
    RemediationAction done = ((Answer.Done) answer).action();
    ctx.json(json(done, unavailableOnStoreFailure(() -> store.remediations().history(actionId))));
  }

  private void status(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    ctx.json(status());
  }

  private Map<String, Object> status() {
    RemediationPolicy policy = remediator.policy();
    Optional<Remediations.Pause> paused =
        unavailableOnStoreFailure(() -> store.remediations().paused());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", policy.enabled());
    out.put("dryRun", policy.dryRun());
    out.put("autoApproveUpTo", policy.autoRisk().wireName());
    out.put("paused", paused.isPresent());
    out.put("pausedBy", paused.map(Remediations.Pause::by).orElse(null));
    out.put("pausedAt", paused.map(p -> p.at().toString()).orElse(null));
    out.put("pauseReason", paused.map(Remediations.Pause::reason).orElse(null));
    out.put(
        "playbooks",
        remediator.playbooks().all().stream()
            .map(
                playbook ->
                    Map.of(
                        "name", playbook.name(),
                        "causes",
                            playbook.match().causes().stream()
                                .map(c -> c.wireName())
                                .sorted()
                                .toList(),
                        "actions",
                            playbook.actions().stream()
                                .map(a -> a.kind().wireName() + " (" + a.risk().wireName() + ")")
                                .toList(),
                        "approvers", playbook.approvers()))
            .toList());
    return out;
  }

  private void pause(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    Map<String, String> fields = fields(ctx, "{\"by\": \"carol\", \"reason\": \"…\"}");
    String by = fields.get("by");
    if (by == null || by.isBlank()) {
      throw ApiException.badRequest("field 'by' is required: who pauses remediation");
    }
    String reason = fields.getOrDefault("reason", "");
    unavailableOnStoreFailure(
        () -> {
          store.remediations().setPaused(Optional.of(by.trim()), reason, clock.instant());
          return null;
        });
    org.slf4j.LoggerFactory.getLogger(RemediationApi.class)
        .warn("remediation paused by {}{}", by.trim(), reason.isBlank() ? "" : ": " + reason);
    ctx.json(status());
  }

  private void resume(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    Map<String, String> fields = fields(ctx, "{\"by\": \"carol\"}");
    String by = fields.getOrDefault("by", "");
    unavailableOnStoreFailure(
        () -> {
          store.remediations().setPaused(Optional.empty(), "", clock.instant());
          return null;
        });
    org.slf4j.LoggerFactory.getLogger(RemediationApi.class)
        .warn("remediation resumed{}", by.isBlank() ? "" : " by " + by.trim());
    ctx.json(status());
  }

  /** An optional JSON object of string fields {@code by} and {@code reason}, nothing else. */
  private Map<String, String> fields(Context ctx, String example) {
    Optional<JsonNode> body = JsonBodies.object(ctx, json, example);
    Map<String, String> fields = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return fields;
    }
    for (Map.Entry<String, JsonNode> entry : body.get().properties()) {
      if (!ANSWER_FIELDS.contains(entry.getKey())) {
        throw ApiException.badRequest(
            "unknown field '" + entry.getKey() + "'; allowed: by, reason");
      }
      if (!entry.getValue().isTextual()) {
        throw ApiException.badRequest("field '" + entry.getKey() + "' must be a string");
      }
      if (entry.getValue().textValue().length() > MAX_FIELD) {
        throw ApiException.badRequest(
            "field '" + entry.getKey() + "' is longer than " + MAX_FIELD + " characters");
      }
      fields.put(entry.getKey(), entry.getValue().textValue());
    }
    return fields;
  }

  static Map<String, Object> json(RemediationAction action, List<ActionRecord> history) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", action.id());
    out.put("incidentId", action.incidentId());
    out.put("run", action.run());
    out.put("playbook", action.playbook());
    out.put("kind", action.kind().wireName());
    out.put("target", action.target());
    out.put("risk", action.risk().wireName());
    out.put("parameters", action.parameters());
    out.put("state", action.state().wireName());
    out.put("dryRun", action.dryRun());
    out.put("plan", action.plan());
    out.put("prior", action.prior());
    out.put("approvers", action.approvers());
    out.put("answeredBy", action.answeredBy());
    out.put("expiresAt", action.expiresAt() == null ? null : action.expiresAt().toString());
    out.put(
        "verification",
        action
            .verification()
            .map(
                v -> {
                  Map<String, Object> shown = new LinkedHashMap<>();
                  shown.put("condition", v.condition());
                  shown.put("initialDelaySeconds", v.initialDelay().toSeconds());
                  shown.put("intervalSeconds", v.interval().toSeconds());
                  shown.put("count", v.count());
                  shown.put("failureLimit", v.failureLimit());
                  shown.put("inconclusiveLimit", v.inconclusiveLimit());
                  shown.put("consecutiveErrorLimit", v.consecutiveErrorLimit());
                  shown.put("noData", v.noData().wireName());
                  return shown;
                })
            .orElse(null));
    out.put("measurements", action.measurements().stream().map(RemediationApi::json).toList());
    out.put("outcome", action.outcome());
    out.put("createdAt", action.createdAt().toString());
    out.put("updatedAt", action.updatedAt().toString());
    out.put(
        "history",
        history.stream()
            .map(
                record ->
                    Map.of(
                        "at", record.at().toString(),
                        "actor", record.actor(),
                        "state", record.state().wireName(),
                        "detail", record.detail()))
            .toList());
    return out;
  }

  private static Map<String, Object> json(Measurement measurement) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", measurement.at().toString());
    out.put("phase", measurement.phase().wireName());
    out.put("value", Double.isNaN(measurement.value()) ? null : measurement.value());
    out.put("detail", measurement.detail());
    return out;
  }
}
