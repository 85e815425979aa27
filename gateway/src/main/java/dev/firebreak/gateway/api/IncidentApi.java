package dev.firebreak.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.correlate.IllegalTransitionException;
import dev.firebreak.analysis.correlate.ManualTransitions;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.IncidentChange;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.Page;
import dev.firebreak.analysis.port.StoreUnavailableException;
import dev.firebreak.analysis.port.StoredEvidence;
import dev.firebreak.analysis.port.WorkQueue;
import dev.firebreak.gateway.config.EvidenceConfig;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.http.ApiException;
import dev.firebreak.gateway.replay.Bundle;
import dev.firebreak.gateway.replay.BundleCodec;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code /api/incidents}: list, read, acknowledge and resolve incidents. */
public final class IncidentApi {

  private static final Set<String> ACTION_FIELDS = Set.of("by", "note");
  private static final int DEFAULT_LIMIT = 50;

  private final IncidentStore store;
  private final ObjectMapper json;
  private final Clock clock;
  private final EvidenceConfig evidence;

  private IncidentApi(
      IncidentStore store, ObjectMapper json, Clock clock, EvidenceConfig evidence) {
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.evidence = evidence;
  }

  public static void mount(
      JavalinDefaultRoutingApi app,
      GatewayConfig config,
      IncidentStore store,
      ObjectMapper json,
      Clock clock) {
    IncidentApi api = new IncidentApi(store, json, clock, config.evidence());
    ApiAuth auth = new ApiAuth(config);
    app.before("/api/incidents*", auth::check);
    app.get("/api/incidents", api::list);
    app.get("/api/incidents/{id}", api::get);
    app.get("/api/incidents/{id}/evidence", api::evidence);
    app.get("/api/incidents/{id}/bundle", api::bundle);
    app.get("/api/incidents/{id}/diagnosis", api::diagnosis);
    app.get("/api/incidents/{id}/events", api::events);
    app.get("/api/work/{kind}/dead", api::deadWork);
    app.post("/api/incidents/{id}/acknowledge", ctx -> api.act(ctx, "acknowledge"));
    app.post("/api/incidents/{id}/resolve", ctx -> api.act(ctx, "resolve"));
    app.get("/api/openapi.yaml", IncidentApi::openApi);
  }

  private void list(Context ctx) {
    rejectUnknownParameters(
        ctx, Set.of("status", "severity", "service", "source", "from", "to", "limit", "cursor"));
    IncidentQuery query =
        new IncidentQuery(
            parameter(ctx, "status", IncidentStatus::fromWireName),
            parameter(ctx, "severity", Severity::fromWireName),
            ctx.queryParam("service"),
            parameter(ctx, "source", Source::fromWireName),
            parameter(ctx, "from", IncidentApi::time),
            parameter(ctx, "to", IncidentApi::time),
            parameter(ctx, "cursor", value -> positiveLong("cursor", value)),
            Optional.ofNullable(parameter(ctx, "limit", value -> limit(value)))
                .orElse(DEFAULT_LIMIT));
    Page<Incident> page = unavailableOnStoreFailure(() -> store.incidents().list(query));
    List<Map<String, Object>> items = new ArrayList<>();
    for (Incident incident : page.items()) {
      items.add(IncidentJson.summary(incident));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("nextCursor", page.nextCursor() == null ? null : page.nextCursor().toString());
    ctx.json(body);
  }

  private void get(Context ctx) {
    long id = id(ctx);
    var detail =
        unavailableOnStoreFailure(() -> store.incidents().history(id))
            .orElseThrow(() -> ApiException.notFound("no incident " + id));
    Map<String, Object> body = IncidentJson.detail(detail);
    body.put(
        "evidence",
        EvidenceJson.summary(
            unavailableOnStoreFailure(() -> store.investigations().status(id)),
            unavailableOnStoreFailure(() -> store.investigations().evidence(id))));
    body.put(
        "hypotheses",
        unavailableOnStoreFailure(() -> store.investigations().latestDiagnosis(id))
            .map(DiagnosisJson::hypotheses)
            .orElse(List.of()));
    ctx.json(body);
  }

  private void evidence(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    requireIncident(id);
    Evidence latest =
        unavailableOnStoreFailure(() -> store.investigations().evidence(id))
            .orElseThrow(() -> ApiException.notFound(notYet(id, "evidence")));
    ctx.json(
        EvidenceJson.full(
            latest, unavailableOnStoreFailure(() -> store.investigations().status(id))));
  }

  private void diagnosis(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    requireIncident(id);
    var diagnosis =
        unavailableOnStoreFailure(() -> store.investigations().latestDiagnosis(id))
            .orElseThrow(() -> ApiException.notFound(notYet(id, "diagnosis")));
    ctx.json(DiagnosisJson.full(diagnosis));
  }

  /** The incident's changes as the acting steps see them, oldest first. */
  private void events(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    requireIncident(id);
    List<Map<String, Object>> items = new ArrayList<>();
    for (IncidentEvent event : unavailableOnStoreFailure(() -> store.events().eventsOf(id))) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", event.id());
      item.put("kind", event.kind().wireName());
      item.put("at", event.at().toString());
      item.put("recordedAt", event.recordedAt().toString());
      item.put("detail", event.detail());
      item.put("signalId", event.signalId());
      item.put("run", event.run());
      items.add(item);
    }
    ctx.json(Map.of("items", items));
  }

  /** Queued work of one kind that used all its attempts, newest first, with its last error. */
  private void deadWork(Context ctx) {
    rejectUnknownParameters(ctx, Set.of("limit"));
    String kind = ctx.pathParam("kind");
    int limit =
        Optional.ofNullable(parameter(ctx, "limit", value -> limit(value))).orElse(DEFAULT_LIMIT);
    List<Map<String, Object>> items = new ArrayList<>();
    for (WorkQueue.WorkItem item :
        unavailableOnStoreFailure(() -> store.work().dead(kind, limit))) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("kind", item.kind());
      json.put("subject", item.subject());
      json.put("attempts", item.attempts());
      json.put("lastError", item.lastError());
      json.put("updatedAt", item.updatedAt().toString());
      items.add(json);
    }
    ctx.json(Map.of("items", items));
  }

  private void bundle(Context ctx) throws IOException {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    IncidentDetail detail = requireIncident(id);
    StoredEvidence stored =
        unavailableOnStoreFailure(() -> store.investigations().latestEvidence(id))
            .orElseThrow(() -> ApiException.notFound(notYet(id, "evidence")));
    Bundle bundle = BundleCodec.of(detail, stored, evidence, clock.instant());
    ctx.header("Content-Disposition", "attachment; filename=\"incident-" + id + ".bundle.json\"");
    ctx.contentType("application/json").result(BundleCodec.toBytes(bundle));
  }

  private IncidentDetail requireIncident(long id) {
    return unavailableOnStoreFailure(() -> store.incidents().detail(id))
        .orElseThrow(() -> ApiException.notFound("no incident " + id));
  }

  /** Why an incident has no evidence (or diagnosis) yet, so the caller knows what to fix. */
  private String notYet(long id, String what) {
    String state =
        unavailableOnStoreFailure(() -> store.investigations().status(id))
            .map(
                status ->
                    status.state().equals("failed")
                        ? "its investigation failed: " + status.lastError()
                        : "its investigation is " + status.state())
            .orElse(
                this.evidence.anySource()
                    ? "no investigation was asked for"
                    : "no evidence source is configured (FIREBREAK_PROMETHEUS_URL, …)");
    return "incident " + id + " has no " + what + " yet: " + state;
  }

  private void act(Context ctx, String action) {
    long id = id(ctx);
    Map<String, String> fields = actionBody(ctx);
    String by = fields.get("by");
    String note = fields.get("note");
    Instant now = clock.instant();
    Function<Incident, IncidentChange> change =
        action.equals("acknowledge")
            ? incident -> ManualTransitions.acknowledge(incident, now, by, note)
            : incident -> ManualTransitions.resolve(incident, now, by, note);
    IncidentChange result;
    try {
      result =
          unavailableOnStoreFailure(() -> store.incidents().update(id, change))
              .orElseThrow(() -> ApiException.notFound("no incident " + id));
    } catch (IllegalTransitionException e) {
      throw ApiException.conflict(e.getMessage());
    }
    ctx.json(IncidentJson.summary(result.incident()));
  }

  /** An optional JSON object with string fields {@code by} and {@code note}, nothing else. */
  private Map<String, String> actionBody(Context ctx) {
    Optional<JsonNode> body = JsonBodies.object(ctx, json, "{\"by\": \"alice\", \"note\": \"…\"}");
    if (body.isEmpty()) {
      return Map.of();
    }
    JsonNode node = body.get();
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!ACTION_FIELDS.contains(entry.getKey())) {
        throw ApiException.badRequest(
            "unknown field '" + entry.getKey() + "'; allowed: by," + " note");
      }
      if (!entry.getValue().isTextual()) {
        throw ApiException.badRequest("field '" + entry.getKey() + "' must be a string");
      }
      if (entry.getValue().textValue().length() > 4096) {
        throw ApiException.badRequest(
            "field '" + entry.getKey() + "' is longer than 4096" + " characters");
      }
      fields.put(entry.getKey(), entry.getValue().textValue());
    }
    return fields;
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = IncidentApi.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml missing from the jar");
      }
      ctx.contentType("application/yaml").result(in.readAllBytes());
    }
  }

  static long id(Context ctx) {
    return positiveLong("incident id", ctx.pathParam("id"));
  }

  static long positiveLong(String name, String value) {
    try {
      long number = Long.parseLong(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest(
        name + " must be a positive whole number, got '" + abbreviate(value) + "'");
  }

  private static int limit(String value) {
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= IncidentQuery.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest(
        "limit must be between 1 and "
            + IncidentQuery.MAX_LIMIT
            + ", got '"
            + abbreviate(value)
            + "'");
  }

  static Instant time(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "expected an RFC 3339 time such as 2026-11-21T10:00:00Z,"
              + " got '"
              + abbreviate(value)
              + "'");
    }
  }

  static <T> T parameter(Context ctx, String name, Function<String, T> parse) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return parse.apply(value);
    } catch (ApiException e) {
      throw ApiException.badRequest(name + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(name + ": " + e.getMessage());
    }
  }

  static void rejectUnknownParameters(Context ctx, Set<String> known) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!known.contains(name)) {
        throw ApiException.badRequest(
            "unknown query parameter '"
                + abbreviate(name)
                + "'; known: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  static <T> T unavailableOnStoreFailure(Supplier<T> read) {
    try {
      return read.get();
    } catch (StoreUnavailableException e) {
      throw ApiException.unavailable("the incident store is unavailable; retry later");
    }
  }

  static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
