package dev.firebreak.integrations.loki;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.LogSource;
import dev.firebreak.integrations.http.HttpEvidenceSource;
import dev.firebreak.integrations.http.LogLevels;
import dev.firebreak.integrations.http.QueryText;
import dev.firebreak.integrations.http.SourceJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Log lines around an incident from Grafana Loki ({@code /loki/api/v1/query_range}): first the
 * lines that look like errors, then, while the limit allows, the rest, newest first. Loki
 * answers errors as plain text, which the exception carries as it came.
 */
public final class LokiLogSource extends HttpEvidenceSource implements LogSource {

  private final LokiSettings settings;

  public LokiLogSource(String name, LokiSettings settings, OkHttpClient client) {
    super(name, settings.endpoint(), client, "loki/api/v1/labels");
    this.settings = settings;
  }

  @Override
  public void collect(EvidenceRequest request, Findings<LogLine> out) {
    String selector = selector(request.labels());
    if (selector == null) {
      out.truncated(
          "the incident has none of the labels "
              + settings.streamLabels().values()
              + " that select Loki streams");
      return;
    }
    Set<String> seen = new HashSet<>();
    query(request, selector + " |~ " + QueryText.quote(LogLevels.ERROR_PATTERN), out, seen);
    if (!out.full()) {
      query(request, selector, out, seen);
    }
  }

  /** {@code {service_name="checkout",namespace="shop"}}, or null when no label is known. */
  String selector(Map<String, String> labels) {
    StringJoiner matchers = new StringJoiner(",", "{", "}");
    int count = 0;
    for (Map.Entry<String, String> pair : settings.streamLabels().entrySet()) {
      String value = labels.get(pair.getValue());
      if (value != null && !value.isEmpty()) {
        matchers.add(pair.getKey() + "=" + QueryText.quote(value));
        count++;
      }
    }
    return count == 0 ? null : matchers.toString();
  }

  private void query(
      EvidenceRequest request, String logql, Findings<LogLine> out, Set<String> seen) {
    TimeWindow window = request.window();
    // One more than fits, so that a full answer tells "more" from "exactly enough".
    int limit = Math.min(out.remaining() + 1, settings.maxEntriesPerQuery());
    HttpUrl url =
        http.url("loki/api/v1/query_range")
            .addQueryParameter("query", logql)
            .addQueryParameter("start", Long.toString(nanos(window.start())))
            .addQueryParameter("end", Long.toString(nanos(window.end())))
            .addQueryParameter("limit", Integer.toString(limit))
            .addQueryParameter("direction", "backward")
            .build();
    out.query(logql);
    JsonNode body =
        SourceJson.parse(
            name(), http.get(url, request.limits().maxResponseBytes(), request.recorder()).body());
    JsonNode data = SourceJson.require(name(), body, "data", "the answer");
    String type = SourceJson.text(data, "resultType", "");
    if (!type.equals("streams")) {
      throw SourceJson.malformed(name(), "a log query answered " + type + ", not streams");
    }
    int returned = 0;
    for (JsonNode stream : SourceJson.require(name(), data, "result", "the data")) {
      Map<String, String> labels = strings(stream.get("stream"));
      JsonNode values = stream.get("values");
      if (values == null) {
        continue;
      }
      for (JsonNode entry : values) {
        returned++;
        if (!entry.isArray() || entry.size() < 2) {
          throw SourceJson.malformed(name(), "a stream entry is not [\"<ns>\", \"<line>\"]");
        }
        String ns = entry.get(0).asText();
        String line = entry.get(1).asText();
        if (!seen.add(ns + '\n' + line)) {
          continue;
        }
        Map<String, String> metadata = new LinkedHashMap<>(labels);
        if (entry.size() > 2) {
          metadata.putAll(strings(entry.get(2)));
        }
        if (!out.add(new LogLine("", instant(ns), LogLevels.of(metadata, line), line, labels))) {
          return;
        }
      }
    }
    if (returned >= limit) {
      out.truncated("more than " + limit + " lines matched " + logql);
    }
  }

  private Instant instant(String nanos) {
    try {
      long value = Long.parseLong(nanos);
      return Instant.ofEpochSecond(
          Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
    } catch (NumberFormatException e) {
      throw SourceJson.malformed(name(), "a timestamp is not nanoseconds: " + nanos);
    }
  }

  static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    if (object != null && object.isObject()) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        map.put(field.getKey(), field.getValue().asText());
      }
    }
    return map;
  }
}
