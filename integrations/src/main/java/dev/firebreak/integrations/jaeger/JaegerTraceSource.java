package dev.firebreak.integrations.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.TraceSource;
import dev.firebreak.integrations.http.EndpointSettings;
import dev.firebreak.integrations.http.HttpEvidenceSource;
import dev.firebreak.integrations.http.SourceHttp;
import dev.firebreak.integrations.http.SourceJson;
import dev.firebreak.integrations.http.TraceSearch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Failing traces around an incident from Jaeger's query API ({@code GET /api/traces}, times in
 * microseconds, {@code tags={"error":"true"}}). Spans are failed when tagged {@code error=true}
 * or with OpenTelemetry's {@code otel.status_code=ERROR}.
 */
public final class JaegerTraceSource extends HttpEvidenceSource implements TraceSource {

  public JaegerTraceSource(String name, EndpointSettings endpoint, OkHttpClient client) {
    super(name, endpoint, client, "api/services");
  }

  @Override
  public void collect(EvidenceRequest request, Findings<TraceSummary> out) {
    TimeWindow window = request.window();
    TraceSearch.eachService(
        request,
        out,
        (service, limit, traces) -> {
          HttpUrl url =
              http.url("api/traces")
                  .addQueryParameter("service", service)
                  .addQueryParameter("start", Long.toString(TraceSearch.micros(window.start())))
                  .addQueryParameter("end", Long.toString(TraceSearch.micros(window.end())))
                  .addQueryParameter("limit", Integer.toString(limit))
                  .addQueryParameter("tags", "{\"error\":\"true\"}")
                  .build();
          traces.query("service=" + service + " tags={\"error\":\"true\"}");
          JsonNode body =
              SourceJson.parse(
                  name(),
                  http.get(url, request.limits().maxResponseBytes(), request.recorder()).body());
          JsonNode errors = body.get("errors");
          if (errors != null && errors.isArray() && !errors.isEmpty()) {
            traces.truncated("Jaeger reported errors: " + SourceHttp.abbreviate(errors.toString()));
          }
          JsonNode data = body.get("data");
          if (data == null || !data.isArray()) {
            throw SourceJson.malformed(name(), "the answer has no \"data\" list");
          }
          for (JsonNode trace : data) {
            if (!traces.offer(trace(trace))) {
              return;
            }
          }
        });
  }

  TraceSummary trace(JsonNode trace) {
    Map<String, String> services = new HashMap<>();
    JsonNode processes = trace.path("processes");
    processes
        .properties()
        .forEach(
            process ->
                services.put(process.getKey(), process.getValue().path("serviceName").asText("")));
    List<Span> spans = new ArrayList<>();
    for (JsonNode span : SourceJson.require(name(), trace, "spans", "a trace")) {
      String parent = null;
      for (JsonNode reference : span.path("references")) {
        if ("CHILD_OF".equals(reference.path("refType").asText())) {
          parent = reference.path("spanID").asText();
          break;
        }
      }
      if (parent == null && span.path("references").size() > 0) {
        parent = span.path("references").get(0).path("spanID").asText(null);
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (JsonNode tag : span.path("tags")) {
        tags.put(tag.path("key").asText(), tag.path("value").asText());
      }
      boolean error =
          "true".equalsIgnoreCase(tags.getOrDefault("error", ""))
              || "ERROR".equalsIgnoreCase(tags.getOrDefault("otel.status_code", ""));
      String message =
          tags.getOrDefault(
              "otel.status_description", tags.getOrDefault("error.message", errorLog(span)));
      spans.add(
          new Span(
              lowerHex(SourceJson.require(name(), span, "spanID", "a span").asText()),
              parent == null ? null : lowerHex(parent),
              services.getOrDefault(span.path("processID").asText(), ""),
              span.path("operationName").asText(""),
              tags.getOrDefault("span.kind", "internal").toLowerCase(Locale.ROOT),
              TraceSearch.fromMicros(span.path("startTime").asLong()),
              span.path("duration").asLong(),
              error,
              message,
              tags));
    }
    return TraceSummary.of(
        lowerHex(SourceJson.require(name(), trace, "traceID", "a trace").asText()), spans);
  }

  /** The message of an error log event on the span (OpenTracing's {@code event=error}). */
  private static String errorLog(JsonNode span) {
    for (JsonNode log : span.path("logs")) {
      Map<String, String> fields = new HashMap<>();
      for (JsonNode field : log.path("fields")) {
        fields.put(field.path("key").asText(), field.path("value").asText());
      }
      if ("error".equals(fields.get("event"))) {
        return fields.getOrDefault("message", fields.getOrDefault("error.object", ""));
      }
    }
    return "";
  }

  private static String lowerHex(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
