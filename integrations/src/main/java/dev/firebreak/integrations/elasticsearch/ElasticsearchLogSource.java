package dev.firebreak.integrations.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.LogSource;
import dev.firebreak.integrations.http.HttpEvidenceSource;
import dev.firebreak.integrations.http.LogLevels;
import dev.firebreak.integrations.http.SourceJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Log lines around an incident from Elasticsearch or OpenSearch ({@code POST index/_search}):
 * the error-level lines of the incident's services in the window first, then the others,
 * newest first. Works with 6.x's numeric {@code hits.total} and 7.x+'s object; partial shard
 * failures are reported as truncation.
 */
public final class ElasticsearchLogSource extends HttpEvidenceSource implements LogSource {

  /** Elasticsearch refuses {@code from + size} beyond {@code index.max_result_window}. */
  private static final int MAX_RESULT_WINDOW = 10_000;

  private final ElasticsearchSettings settings;

  public ElasticsearchLogSource(String name, ElasticsearchSettings settings, OkHttpClient client) {
    super(name, settings.endpoint(), client, "");
    this.settings = settings;
  }

  @Override
  public void collect(EvidenceRequest request, Findings<LogLine> out) {
    search(request, true, out);
    if (!out.full()) {
      search(request, false, out);
    }
  }

  private void search(EvidenceRequest request, boolean errors, Findings<LogLine> out) {
    int size = Math.min(out.remaining(), MAX_RESULT_WINDOW);
    String body = query(request, errors, size).toString();
    HttpUrl url = http.url(settings.index() + "/_search").build();
    out.query(body);
    JsonNode answer =
        SourceJson.parse(
            name(),
            http.postJson(url, body, request.limits().maxResponseBytes(), request.recorder())
                .body());
    JsonNode hits = SourceJson.require(name(), answer, "hits", "the answer");
    JsonNode shards = answer.path("_shards");
    if (shards.path("failed").asInt(0) > 0) {
      out.truncated(
          shards.path("failed").asInt()
              + " of "
              + shards.path("total").asInt()
              + " shards failed; the lines are from the others");
    }
    if (answer.path("timed_out").asBoolean(false)) {
      out.truncated("the search timed out on the server; the lines are what it had found");
    }
    JsonNode list = SourceJson.require(name(), hits, "hits", "hits");
    for (JsonNode hit : list) {
      JsonNode source = hit.path("_source");
      String message = field(source, settings.messageField());
      String timestamp = field(source, settings.timestampField());
      Map<String, String> labels = new LinkedHashMap<>();
      putIfPresent(labels, settings.serviceField(), field(source, settings.serviceField()));
      String levelField =
          settings.levelField().endsWith(".keyword")
              ? settings.levelField().substring(0, settings.levelField().length() - 8)
              : settings.levelField();
      String level = field(source, levelField);
      putIfPresent(labels, "level", level);
      putIfPresent(labels, "_index", hit.path("_index").asText(""));
      putIfPresent(labels, "trace.id", field(source, "trace.id"));
      if (!out.add(
          new LogLine(
              "",
              instant(timestamp, hit),
              LogLevels.of(labels, message == null ? "" : message),
              message,
              labels))) {
        return;
      }
    }
    long total = total(hits.get("total"));
    if (total > list.size()) {
      out.truncated(
          total
              + (hits.path("total").path("relation").asText("eq").equals("gte") ? "+" : "")
              + " lines matched; the newest "
              + list.size()
              + " are kept");
    }
  }

  ObjectNode query(EvidenceRequest request, boolean errors, int size) {
    TimeWindow window = request.window();
    ObjectNode root = SourceJson.mapper().createObjectNode();
    root.put("size", size);
    root.put("track_total_hits", true);
    root.putArray("sort").addObject().putObject(settings.timestampField()).put("order", "desc");
    ObjectNode bool = root.putObject("query").putObject("bool");
    ArrayNode filter = bool.putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject(settings.timestampField())
        .put("gte", window.start().toString())
        .put("lt", window.end().toString())
        .put("format", "strict_date_optional_time");
    if (!request.services().isEmpty()) {
      ArrayNode services = filter.addObject().putObject("terms").putArray(settings.serviceField());
      request.services().forEach(services::add);
    }
    ObjectNode levels = SourceJson.mapper().createObjectNode();
    ArrayNode values = levels.putObject("terms").putArray(settings.levelField());
    settings.errorLevels().forEach(values::add);
    if (errors) {
      filter.add(levels);
    } else {
      bool.putArray("must_not").add(levels);
    }
    return root;
  }

  private Instant instant(String timestamp, JsonNode hit) {
    if (timestamp == null) {
      throw SourceJson.malformed(
          name(), "hit " + hit.path("_id").asText() + " has no " + settings.timestampField());
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(timestamp));
      } catch (NumberFormatException notMillis) {
        throw SourceJson.malformed(
            name(),
            "hit "
                + hit.path("_id").asText()
                + " has a "
                + settings.timestampField()
                + " that is not a time: "
                + timestamp);
      }
    }
  }

  /** 7.x+: {@code {"value": n, "relation": …}}; 6.x: a number. */
  private static long total(JsonNode total) {
    if (total == null || total.isNull()) {
      return 0;
    }
    return total.isNumber() ? total.asLong() : total.path("value").asLong(0);
  }

  /** A field by dotted name(), whether the document nests objects or uses dotted keys. */
  static String field(JsonNode source, String dotted) {
    JsonNode flat = source.get(dotted);
    if (flat != null && !flat.isNull() && !flat.isContainerNode()) {
      return flat.asText();
    }
    JsonNode node = source;
    for (String part : dotted.split("\\.")) {
      node = node.get(part);
      if (node == null || node.isNull()) {
        return null;
      }
    }
    return node.isContainerNode() ? node.toString() : node.asText();
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }
}
