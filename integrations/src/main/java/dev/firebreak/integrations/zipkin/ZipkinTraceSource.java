package dev.firebreak.integrations.zipkin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.TraceSource;
import dev.firebreak.integrations.http.EndpointSettings;
import dev.firebreak.integrations.http.HttpEvidenceSource;
import dev.firebreak.integrations.http.SourceJson;
import dev.firebreak.integrations.http.TraceSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Failing traces around an incident from Zipkin ({@code GET /api/v2/traces}): query times are
 * epoch milliseconds ({@code endTs}, {@code lookback}), span times microseconds; a span failed
 * when it carries the {@code error} tag, which {@code annotationQuery=error} selects.
 */
public final class ZipkinTraceSource extends HttpEvidenceSource implements TraceSource {

  public ZipkinTraceSource(String name, EndpointSettings endpoint, OkHttpClient client) {
    super(name, endpoint, client, "api/v2/services");
  }

  @Override
  public void collect(EvidenceRequest request, Findings<TraceSummary> out) {
    TimeWindow window = request.window();
    long endMillis = window.end().toEpochMilli();
    long lookback = Math.max(1, endMillis - window.start().toEpochMilli());
    TraceSearch.eachService(
        request,
        out,
        (service, limit, traces) -> {
          HttpUrl url =
              http.url("api/v2/traces")
                  .addQueryParameter("serviceName", service.toLowerCase(Locale.ROOT))
                  .addQueryParameter("annotationQuery", "error")
                  .addQueryParameter("endTs", Long.toString(endMillis))
                  .addQueryParameter("lookback", Long.toString(lookback))
                  .addQueryParameter("limit", Integer.toString(limit))
                  .build();
          traces.query("serviceName=" + service + " annotationQuery=error");
          JsonNode body =
              SourceJson.parse(
                  name(),
                  http.get(url, request.limits().maxResponseBytes(), request.recorder()).body());
          if (!body.isArray()) {
            throw SourceJson.malformed(name(), "the answer is not a list of traces");
          }
          for (JsonNode trace : body) {
            if (!trace.isArray() || trace.isEmpty()) {
              throw SourceJson.malformed(name(), "a trace is not a list of spans");
            }
            if (!traces.offer(trace(trace))) {
              return;
            }
          }
        });
  }

  TraceSummary trace(JsonNode trace) {
    List<Span> spans = new ArrayList<>();
    String traceId = "";
    for (JsonNode span : trace) {
      traceId = SourceJson.require(name(), span, "traceId", "a span").asText();
      Map<String, String> tags = new LinkedHashMap<>();
      span.path("tags")
          .properties()
          .forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
      String remote = span.path("remoteEndpoint").path("serviceName").asText("");
      if (!remote.isEmpty()) {
        // OpenTelemetry's name for the service a client span calls.
        tags.putIfAbsent("peer.service", remote);
      }
      boolean error =
          tags.containsKey("error")
              || "ERROR".equalsIgnoreCase(tags.getOrDefault("otel.status_code", ""));
      String parent = span.hasNonNull("parentId") ? span.get("parentId").asText() : null;
      spans.add(
          new Span(
              SourceJson.require(name(), span, "id", "a span").asText(),
              parent,
              span.path("localEndpoint").path("serviceName").asText(""),
              span.path("name").asText(""),
              span.path("kind").asText("internal").toLowerCase(Locale.ROOT),
              TraceSearch.fromMicros(span.path("timestamp").asLong()),
              span.path("duration").asLong(),
              error,
              tags.getOrDefault("error", ""),
              tags));
    }
    return TraceSummary.of(traceId, spans);
  }
}
