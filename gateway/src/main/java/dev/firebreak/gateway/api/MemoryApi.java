package dev.firebreak.gateway.api;

import static dev.firebreak.gateway.api.IncidentApi.abbreviate;
import static dev.firebreak.gateway.api.IncidentApi.id;
import static dev.firebreak.gateway.api.IncidentApi.parameter;
import static dev.firebreak.gateway.api.IncidentApi.rejectUnknownParameters;
import static dev.firebreak.gateway.api.IncidentApi.unavailableOnStoreFailure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.model.Feedback;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.Postmortem;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.http.ApiException;
import dev.firebreak.learning.Memory;
import dev.firebreak.learning.outcome.OutcomeStats;
import dev.firebreak.learning.recall.IncidentRecall;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Similar-incident recall and postmortems: {@code GET /api/incidents/similar?q=},
 * {@code GET /api/incidents/{id}/similar}, {@code GET} and {@code POST
 * /api/incidents/{id}/postmortem}.
 */
public final class MemoryApi {

  private static final int DEFAULT_K = 5;
  private static final int MAX_K = 50;
  private static final int MAX_QUERY_CHARS = 4_000;
  private static final Set<String> FILTERS = Set.of("k", "min", "service", "cause", "from", "to");

  private final IncidentStore store;
  private final Optional<Memory> memory;
  private final ObjectMapper json;
  private final Clock clock;

  private MemoryApi(IncidentStore store, Optional<Memory> memory, ObjectMapper json, Clock clock) {
    this.store = store;
    this.memory = memory;
    this.json = json;
    this.clock = clock;
  }

  /** Mounted before {@link IncidentApi}, so {@code /similar} is not read as an incident id. */
  public static void mount(
      JavalinDefaultRoutingApi app,
      GatewayConfig config,
      IncidentStore store,
      Optional<Memory> memory,
      ObjectMapper json,
      Clock clock) {
    MemoryApi api = new MemoryApi(store, memory, json, clock);
    ApiAuth auth = new ApiAuth(config);
    app.before("/api/incidents/similar", auth::check);
    app.get("/api/incidents/similar", api::search);
    app.get("/api/incidents/{id}/similar", api::similar);
    app.get("/api/incidents/{id}/postmortem", api::postmortem);
    app.post("/api/incidents/{id}/postmortem", api::writePostmortem);
    app.post("/api/incidents/{id}/feedback", api::feedback);
    app.before("/api/learning/*", auth::check);
    app.get("/api/learning/stats", api::stats);
  }

  private static final Set<String> FEEDBACK_FIELDS =
      Set.of("rootCauseCorrect", "rootCause", "fixedBy", "notes", "by");

  private void feedback(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    requireIncident(id);
    JsonNode body = jsonObject(ctx);
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (!FEEDBACK_FIELDS.contains(field.getKey())) {
        throw ApiException.badRequest(
            "unknown field '"
                + abbreviate(field.getKey())
                + "'; allowed: "
                + String.join(", ", new java.util.TreeSet<>(FEEDBACK_FIELDS)));
      }
    }
    Boolean correct = null;
    if (body.has("rootCauseCorrect") && !body.get("rootCauseCorrect").isNull()) {
      if (!body.get("rootCauseCorrect").isBoolean()) {
        throw ApiException.badRequest("field 'rootCauseCorrect' must be true or false");
      }
      correct = body.get("rootCauseCorrect").booleanValue();
    }
    RootCause actual = null;
    String cause = text(body, "rootCause", 64);
    if (!cause.isEmpty()) {
      try {
        actual = RootCause.fromWireName(cause);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "field 'rootCause': unknown cause '"
                + abbreviate(cause)
                + "'; one of "
                + java.util.Arrays.stream(RootCause.values())
                    .map(RootCause::wireName)
                    .collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    String fixedBy = text(body, "fixedBy", 500);
    String notes = text(body, "notes", 4096);
    String by = text(body, "by", 200);
    if (correct == null && actual == null && fixedBy.isEmpty() && notes.isEmpty()) {
      throw ApiException.badRequest(
          "say something: rootCauseCorrect, rootCause, fixedBy or notes, such as"
              + " {\"rootCauseCorrect\": false, \"rootCause\": \"dependency_down\"}");
    }
    RootCause diagnosed =
        unavailableOnStoreFailure(() -> store.investigations().latestDiagnosis(id))
            .filter(diagnosis -> !diagnosis.hypotheses().isEmpty())
            .map(diagnosis -> diagnosis.hypotheses().get(0).cause())
            .orElse(null);
    if (correct != null && diagnosed == null) {
      throw ApiException.conflict(
          "incident " + id + " has no diagnosis to judge; say rootCause instead");
    }
    Feedback feedback =
        new Feedback(id, clock.instant(), by, diagnosed, correct, actual, fixedBy, notes);
    unavailableOnStoreFailure(
        () -> {
          store.feedback().save(feedback);
          return null;
        });
    memory.ifPresent(Memory::wake);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("incidentId", id);
    answer.put("givenAt", feedback.givenAt().toString());
    answer.put("diagnosedCause", diagnosed == null ? null : diagnosed.wireName());
    answer.put("rootCauseCorrect", correct);
    answer.put("rootCause", actual == null ? null : actual.wireName());
    answer.put("fixedBy", fixedBy.isEmpty() ? null : fixedBy);
    ctx.status(201).json(answer);
  }

  private void stats(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    List<Feedback> latest = unavailableOnStoreFailure(() -> store.feedback().latestPerIncident());
    ctx.json(OutcomeStats.of(latest).toMap());
  }

  private JsonNode jsonObject(Context ctx) {
    return JsonBodies.object(ctx, json, "{\"rootCause\": \"dependency_down\"}")
        .orElseThrow(() -> ApiException.badRequest("expected a JSON object, got an empty body"));
  }

  private static String text(JsonNode body, String field, int max) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest("field '" + field + "' must be a string");
    }
    if (value.textValue().length() > max) {
      throw ApiException.badRequest("field '" + field + "' is longer than " + max + " characters");
    }
    return value.textValue().strip();
  }

  private void search(Context ctx) {
    Set<String> known = new java.util.HashSet<>(FILTERS);
    known.add("q");
    rejectUnknownParameters(ctx, known);
    String query = ctx.queryParam("q");
    if (query == null || query.isBlank()) {
      throw ApiException.badRequest("q: say what to look for, such as q=checkout 5xx after deploy");
    }
    if (query.length() > MAX_QUERY_CHARS) {
      throw ApiException.badRequest("q: at most " + MAX_QUERY_CHARS + " characters");
    }
    IncidentRecall recall = recall();
    Request request = request(ctx);
    List<IncidentRecall.Similar> found =
        recalled(() -> recall.search(query, request.k(), request.min(), request.filter()));
    ctx.json(Map.of("items", items(found)));
  }

  private void similar(Context ctx) {
    rejectUnknownParameters(ctx, FILTERS);
    long id = id(ctx);
    requireIncident(id);
    IncidentRecall recall = recall();
    Request request = request(ctx);
    List<IncidentRecall.Similar> found =
        recalled(
                () ->
                    recall.similarTo(
                        MemoryDocument.incidentId(id),
                        request.k(),
                        request.min(),
                        request.filter()))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "incident "
                            + id
                            + " is not in memory yet; it is indexed moments after it opens"));
    ctx.json(Map.of("items", items(found)));
  }

  private void postmortem(Context ctx) {
    rejectUnknownParameters(ctx, Set.of("version"));
    long id = id(ctx);
    requireIncident(id);
    Integer version =
        parameter(ctx, "version", value -> (int) IncidentApi.positiveLong("version", value));
    Optional<Postmortem> found =
        unavailableOnStoreFailure(
            () ->
                version == null
                    ? store.postmortems().latest(id)
                    : store.postmortems().versions(id).stream()
                        .filter(written -> written.version() == version)
                        .findFirst());
    Postmortem postmortem =
        found.orElseThrow(
            () ->
                ApiException.notFound(
                    version == null
                        ? "incident "
                            + id
                            + " has no postmortem yet: one is written when it resolves, or on"
                            + " POST /api/incidents/"
                            + id
                            + "/postmortem"
                        : "incident " + id + " has no postmortem version " + version));
    ctx.header("X-Postmortem-Version", String.valueOf(postmortem.version()));
    ctx.contentType("text/markdown; charset=utf-8").result(postmortem.markdown());
  }

  private void writePostmortem(Context ctx) {
    rejectUnknownParameters(ctx, Set.of());
    long id = id(ctx);
    requireIncident(id);
    Memory on = memory.orElseThrow(MemoryApi::off);
    Postmortem written =
        unavailableOnStoreFailure(() -> on.postmortems().write(id))
            .orElseThrow(() -> ApiException.notFound("no incident " + id));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("incidentId", id);
    body.put("version", written.version());
    body.put("writtenAt", written.writtenAt().toString());
    body.put("file", written.file().isEmpty() ? null : written.file());
    body.put("url", "/api/incidents/" + id + "/postmortem");
    ctx.status(201).json(body);
  }

  private IncidentDetail requireIncident(long id) {
    return unavailableOnStoreFailure(() -> store.incidents().detail(id))
        .orElseThrow(() -> ApiException.notFound("no incident " + id));
  }

  private IncidentRecall recall() {
    return memory.orElseThrow(MemoryApi::off).recall();
  }

  private static ApiException off() {
    return ApiException.conflict("incident memory is off (FIREBREAK_MEMORY=off)");
  }

  private static <T> T recalled(java.util.function.Supplier<T> search) {
    try {
      return unavailableOnStoreFailure(search);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.unavailable(
          "incident memory is unavailable; retry later (" + e.getMessage() + ")");
    }
  }

  private record Request(int k, double min, VectorIndex.Filter filter) {}

  private static Request request(Context ctx) {
    Integer k = parameter(ctx, "k", MemoryApi::k);
    Double min = parameter(ctx, "min", MemoryApi::similarity);
    String cause = parameter(ctx, "cause", value -> RootCause.fromWireName(value).wireName());
    Instant from = parameter(ctx, "from", IncidentApi::time);
    Instant to = parameter(ctx, "to", IncidentApi::time);
    String service = ctx.queryParam("service");
    return new Request(
        k == null ? DEFAULT_K : k,
        min == null ? -1 : min,
        new VectorIndex.Filter(
            service == null || service.isEmpty() ? null : service, cause, from, to, null));
  }

  private static int k(String value) {
    try {
      int k = Integer.parseInt(value);
      if (k >= 1 && k <= MAX_K) {
        return k;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest(
        "must be between 1 and " + MAX_K + ", got '" + abbreviate(value) + "'");
  }

  private static double similarity(String value) {
    try {
      double min = Double.parseDouble(value);
      if (min >= -1 && min <= 1) {
        return min;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest("must be a number from -1 to 1, got '" + abbreviate(value) + "'");
  }

  private static List<Map<String, Object>> items(List<IncidentRecall.Similar> found) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (IncidentRecall.Similar similar : found) {
      MemoryDocument document = similar.document();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", document.id());
      item.put("incidentId", document.incidentId());
      item.put("title", document.title());
      item.put("similarity", Math.round(similar.similarity() * 1000) / 1000.0);
      item.put("score", Math.round(similar.score() * 100000) / 100000.0);
      item.put("service", document.service().isEmpty() ? null : document.service());
      item.put("rootCause", document.cause().isEmpty() ? null : document.cause());
      item.put("resolved", document.resolved());
      item.put("resolution", document.resolution().isEmpty() ? null : document.resolution());
      item.put("openedAt", document.openedAt().toString());
      item.put("postmortem", document.postmortem().isEmpty() ? null : document.postmortem());
      items.add(item);
    }
    return items;
  }
}
