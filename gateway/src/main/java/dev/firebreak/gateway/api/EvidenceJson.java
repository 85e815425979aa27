package dev.firebreak.gateway.api;

import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.InvestigationStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The evidence's JSON shapes, written out field by field so the wire format is explicit. */
final class EvidenceJson {

  private EvidenceJson() {}

  /** Where the investigation stands and what its latest run found, in counts. */
  static Map<String, Object> summary(
      Optional<InvestigationStatus> status, Optional<Evidence> latest) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("state", status.map(InvestigationStatus::state).orElse("none"));
    json.put("runs", status.map(InvestigationStatus::runs).orElse(0));
    json.put(
        "lastError",
        status.map(InvestigationStatus::lastError).filter(error -> !error.isEmpty()).orElse(null));
    json.put("latestRun", latest.map(EvidenceJson::runSummary).orElse(null));
    return json;
  }

  private static Map<String, Object> runSummary(Evidence evidence) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run", evidence.run());
    json.put("collectedAt", evidence.collectedAt().toString());
    json.put("window", window(evidence));
    json.put("complete", evidence.complete());
    json.put("series", evidence.metrics().size());
    json.put("logLines", evidence.logs().size());
    json.put("traces", evidence.traces().size());
    json.put("sources", reports(evidence));
    return json;
  }

  static Map<String, Object> full(Evidence evidence, Optional<InvestigationStatus> status) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("incidentId", evidence.incidentId());
    json.put("state", status.map(InvestigationStatus::state).orElse("none"));
    json.put("run", evidence.run());
    json.put("collectedAt", evidence.collectedAt().toString());
    json.put("window", window(evidence));
    json.put("complete", evidence.complete());
    json.put("sources", reports(evidence));
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (MetricSeries series : evidence.metrics()) {
      metrics.add(series(series));
    }
    json.put("metrics", metrics);
    List<Map<String, Object>> logs = new ArrayList<>();
    for (LogLine line : evidence.logs()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", line.id());
      item.put("at", line.at().toString());
      item.put("level", line.level());
      item.put("message", line.message());
      item.put("labels", new TreeMap<>(line.labels()));
      logs.add(item);
    }
    json.put("logs", logs);
    List<Map<String, Object>> traces = new ArrayList<>();
    for (TraceSummary trace : evidence.traces()) {
      traces.add(trace(trace));
    }
    json.put("traces", traces);
    return json;
  }

  private static Map<String, Object> window(Evidence evidence) {
    return Map.of(
        "start", evidence.window().start().toString(), "end", evidence.window().end().toString());
  }

  private static List<Map<String, Object>> reports(Evidence evidence) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (SourceReport report : evidence.reports()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("source", report.source());
      json.put("kind", report.kind().wireName());
      json.put("outcome", report.outcome().wireName());
      json.put("items", report.items());
      json.put("tookMillis", report.tookMillis());
      json.put("error", report.error().isEmpty() ? null : report.error());
      json.put("queries", report.queries());
      list.add(json);
    }
    return list;
  }

  private static Map<String, Object> series(MetricSeries series) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", series.id());
    json.put("origin", series.origin());
    json.put("name", series.name());
    json.put("query", series.query());
    json.put("labels", new TreeMap<>(series.labels()));
    List<List<Object>> samples = new ArrayList<>();
    for (Sample sample : series.samples()) {
      // As Prometheus does: seconds and the value as text, which carries NaN and infinities.
      samples.add(List.of(sample.at().toEpochMilli() / 1000.0, number(sample.value())));
    }
    json.put("samples", samples);
    return json;
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static Map<String, Object> trace(TraceSummary trace) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", trace.id());
    json.put("traceId", trace.traceId());
    json.put("rootService", trace.rootService());
    json.put("rootOperation", trace.rootOperation());
    json.put("start", trace.start().toString());
    json.put("durationMicros", trace.durationMicros());
    json.put("error", trace.error());
    List<Map<String, Object>> spans = new ArrayList<>();
    for (Span span : trace.spans()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("spanId", span.spanId());
      item.put("parentId", span.parentId());
      item.put("service", span.service());
      item.put("operation", span.operation());
      item.put("kind", span.kind());
      item.put("start", span.start().toString());
      item.put("durationMicros", span.durationMicros());
      item.put("error", span.error());
      item.put("statusMessage", span.statusMessage().isEmpty() ? null : span.statusMessage());
      item.put("tags", new TreeMap<>(span.tags()));
      spans.add(item);
    }
    json.put("spans", spans);
    return json;
  }
}
