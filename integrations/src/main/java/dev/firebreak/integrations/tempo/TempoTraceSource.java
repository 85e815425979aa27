package dev.firebreak.integrations.tempo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.TraceSource;
import dev.firebreak.integrations.http.EndpointSettings;
import dev.firebreak.integrations.http.HttpEvidenceSource;
import dev.firebreak.integrations.http.QueryText;
import dev.firebreak.integrations.http.SourceJson;
import dev.firebreak.integrations.http.TraceSearch;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Failing traces around an incident from Grafana Tempo: TraceQL search ({@code /api/search},
 * times in seconds, hex ids), then each trace ({@code /api/traces/{id}}, OTLP JSON under
 * {@code batches}, ids in base64 — converted to hex so they join with logs and other tools).
 */
public final class TempoTraceSource extends HttpEvidenceSource implements TraceSource {

  public TempoTraceSource(String name, EndpointSettings endpoint, OkHttpClient client) {
    super(name, endpoint, client, "api/echo");
  }

  @Override
  public void collect(EvidenceRequest request, Findings<TraceSummary> out) {
    TimeWindow window = request.window();
    String start = Long.toString(window.start().getEpochSecond());
    // Tempo's end is inclusive whole seconds: round up so the last partial second is searched.
    String end =
        Long.toString(window.end().getEpochSecond() + (window.end().getNano() > 0 ? 1 : 0));
    TraceSearch.eachService(
        request,
        out,
        (service, limit, traces) -> {
          String traceql =
              "{ resource.service.name = " + QueryText.quote(service) + " && status = error }";
          traces.query(traceql);
          HttpUrl url =
              http.url("api/search")
                  .addQueryParameter("q", traceql)
                  .addQueryParameter("start", start)
                  .addQueryParameter("end", end)
                  .addQueryParameter("limit", Integer.toString(limit))
                  .build();
          JsonNode body =
              SourceJson.parse(
                  name(),
                  http.get(url, request.limits().maxResponseBytes(), request.recorder()).body());
          JsonNode found = body.path("traces");
          if (!found.isArray()) {
            if (body.has("traces") || !body.isObject()) {
              throw SourceJson.malformed(name(), "the search answer has no \"traces\" list");
            }
            return; // Tempo leaves the member out when nothing matched
          }
          for (JsonNode item : found) {
            String traceId =
                SourceJson.require(name(), item, "traceID", "a search result")
                    .asText()
                    .toLowerCase(Locale.ROOT);
            if (!traces.firstTime(traceId)) {
              continue;
            }
            HttpUrl traceUrl =
                http.url("api/traces/" + traceId)
                    .addQueryParameter("start", start)
                    .addQueryParameter("end", end)
                    .build();
            JsonNode trace =
                SourceJson.parse(
                    name(),
                    http.get(traceUrl, request.limits().maxResponseBytes(), request.recorder())
                        .body());
            if (!traces.add(trace(traceId, trace))) {
              return;
            }
          }
        });
  }

  TraceSummary trace(String traceId, JsonNode trace) {
    JsonNode batches = trace.has("batches") ? trace.get("batches") : trace.path("resourceSpans");
    if (!batches.isArray()) {
      throw SourceJson.malformed(
          name(), "trace " + traceId + " has neither \"batches\" nor" + " \"resourceSpans\"");
    }
    List<Span> spans = new ArrayList<>();
    for (JsonNode batch : batches) {
      Map<String, String> resource = attributes(batch.path("resource").path("attributes"));
      String service = resource.getOrDefault("service.name", "");
      JsonNode scopes =
          batch.has("scopeSpans")
              ? batch.get("scopeSpans")
              : batch.path("instrumentationLibrarySpans");
      for (JsonNode scope : scopes) {
        for (JsonNode span : scope.path("spans")) {
          spans.add(span(span, service));
        }
      }
    }
    return TraceSummary.of(traceId, spans);
  }

  private Span span(JsonNode span, String service) {
    Map<String, String> tags = attributes(span.path("attributes"));
    JsonNode status = span.path("status");
    String code = status.path("code").asText("");
    boolean error = code.equals("STATUS_CODE_ERROR") || code.equals("2");
    long start = Long.parseLong(span.path("startTimeUnixNano").asText("0"));
    long end = Long.parseLong(span.path("endTimeUnixNano").asText("0"));
    String parent = span.path("parentSpanId").asText("");
    return new Span(
        hex(SourceJson.require(name(), span, "spanId", "a span").asText()),
        parent.isEmpty() ? null : hex(parent),
        service,
        span.path("name").asText(""),
        kind(span.path("kind").asText("")),
        TraceSearch.fromNanos(start),
        Math.max(0, (end - start) / 1_000),
        error,
        status.path("message").asText(""),
        tags);
  }

  /** OTLP JSON attributes ({@code [{key, value: {stringValue|intValue|…}}]}) as strings. */
  static Map<String, String> attributes(JsonNode list) {
    Map<String, String> map = new LinkedHashMap<>();
    for (JsonNode attribute : list) {
      JsonNode value = attribute.path("value");
      String text =
          value.isObject() && value.size() > 0
              ? value.elements().next().asText()
              : value.asText("");
      map.put(attribute.path("key").asText(), text);
    }
    return map;
  }

  static String kind(String otlp) {
    return switch (otlp) {
      case "SPAN_KIND_SERVER", "2" -> "server";
      case "SPAN_KIND_CLIENT", "3" -> "client";
      case "SPAN_KIND_PRODUCER", "4" -> "producer";
      case "SPAN_KIND_CONSUMER", "5" -> "consumer";
      default -> "internal";
    };
  }

  /**
   * Trace and span ids as lower-case hex. Tempo's {@code /api/traces} gives base64 (the
   * protobuf-JSON default) while its search gives hex; ids already in hex are kept.
   */
  static String hex(String id) {
    if ((id.length() == 16 || id.length() == 32) && id.matches("[0-9a-fA-F]+")) {
      return id.toLowerCase(Locale.ROOT);
    }
    try {
      return HexFormat.of().formatHex(Base64.getDecoder().decode(id));
    } catch (IllegalArgumentException e) {
      return id.toLowerCase(Locale.ROOT);
    }
  }
}
