package dev.firebreak.gateway.api;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.SuspectService;
import dev.firebreak.analysis.model.TraceFinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The diagnosis's JSON shape, field by field. */
final class DiagnosisJson {

  private DiagnosisJson() {}

  static Map<String, Object> full(Diagnosis diagnosis) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("incidentId", diagnosis.incidentId());
    json.put("run", diagnosis.run());
    json.put("createdAt", diagnosis.createdAt().toString());
    json.put("method", diagnosis.method());
    json.put("severity", diagnosis.severity().wireName());
    json.put("hypotheses", hypotheses(diagnosis));
    List<Map<String, Object>> services = new ArrayList<>();
    for (SuspectService suspect : diagnosis.services()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("service", suspect.service());
      item.put("score", suspect.score());
      item.put("reasons", suspect.reasons());
      item.put("evidenceIds", suspect.evidenceIds());
      services.add(item);
    }
    json.put("services", services);
    List<Map<String, Object>> anomalies = new ArrayList<>();
    for (MetricAnomaly anomaly : diagnosis.anomalies()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("evidenceId", anomaly.evidenceId());
      item.put("name", anomaly.name());
      item.put("onset", anomaly.onset().toString());
      item.put("score", anomaly.score());
      item.put("share", anomaly.share());
      item.put("baselineMean", anomaly.baselineMean());
      item.put("peak", anomaly.peak());
      anomalies.add(item);
    }
    json.put("anomalies", anomalies);
    List<Map<String, Object>> logs = new ArrayList<>();
    for (LogPattern pattern : diagnosis.logPatterns()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("template", pattern.template());
      item.put("level", pattern.level());
      item.put("new", pattern.isNew());
      item.put("baselineCount", pattern.baselineCount());
      item.put("incidentCount", pattern.incidentCount());
      item.put("firstSeen", pattern.firstSeen() == null ? null : pattern.firstSeen().toString());
      item.put("evidenceIds", pattern.evidenceIds());
      logs.add(item);
    }
    json.put("logPatterns", logs);
    List<Map<String, Object>> traces = new ArrayList<>();
    for (TraceFinding finding : diagnosis.traces()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("service", finding.service());
      item.put("operation", finding.operation());
      item.put("message", finding.message());
      item.put("path", finding.path());
      item.put("traces", finding.traces());
      item.put("slowestOperation", finding.slowestOperation());
      item.put("evidenceIds", finding.evidenceIds());
      traces.add(item);
    }
    json.put("traces", traces);
    json.put("notes", diagnosis.notes());
    return json;
  }

  static List<Map<String, Object>> hypotheses(Diagnosis diagnosis) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Hypothesis hypothesis : diagnosis.hypotheses()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("cause", hypothesis.cause().wireName());
      item.put("service", hypothesis.service());
      item.put("confidence", hypothesis.confidence());
      item.put("explanation", hypothesis.explanation());
      item.put("evidenceIds", hypothesis.evidenceIds());
      list.add(item);
    }
    return list;
  }
}
