package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.List;

/**
 * What Firebreak concluded from an incident's evidence: the metrics that moved (first mover
 * first), the log templates that are new or surged, where traces fail, and the ranked
 * hypotheses, each citing the evidence it rests on.
 *
 * @param method {@code rules}, or {@code llm} when a model refined the rules' hypotheses
 * @param severity the severity the diagnosis suggests
 * @param notes what could not be analysed and why
 * @param services the services most likely at the root, most likely first
 */
public record Diagnosis(
    long incidentId,
    int run,
    Instant createdAt,
    String method,
    List<MetricAnomaly> anomalies,
    List<LogPattern> logPatterns,
    List<TraceFinding> traces,
    List<Hypothesis> hypotheses,
    Severity severity,
    List<String> notes,
    List<SuspectService> services) {

  public Diagnosis {
    services = List.copyOf(services);
    anomalies = List.copyOf(anomalies);
    logPatterns = List.copyOf(logPatterns);
    traces = List.copyOf(traces);
    hypotheses = List.copyOf(hypotheses);
    notes = List.copyOf(notes);
  }

  /** A diagnosis that ranks no services (one whose evidence names none). */
  public Diagnosis(
      long incidentId,
      int run,
      Instant createdAt,
      String method,
      List<MetricAnomaly> anomalies,
      List<LogPattern> logPatterns,
      List<TraceFinding> traces,
      List<Hypothesis> hypotheses,
      Severity severity,
      List<String> notes) {
    this(
        incidentId,
        run,
        createdAt,
        method,
        anomalies,
        logPatterns,
        traces,
        hypotheses,
        severity,
        notes,
        List.of());
  }
}
