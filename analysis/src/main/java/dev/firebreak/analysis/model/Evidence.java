package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.List;

/**
 * What an investigation found around an incident: metrics, logs and traces from the window,
 * and a report per source of what was asked and how it went. Every item carries an id
 * ({@code metric:1}, {@code log:4}, {@code trace:2}) that diagnoses cite.
 *
 * @param run 1 for the first investigation of the incident, counting up
 * @param collectedAt when the investigation started; the window never ends after it
 */
public record Evidence(
    long incidentId,
    int run,
    Instant collectedAt,
    TimeWindow window,
    List<SourceReport> reports,
    List<MetricSeries> metrics,
    List<LogLine> logs,
    List<TraceSummary> traces) {

  public Evidence {
    reports = List.copyOf(reports);
    metrics = List.copyOf(metrics);
    logs = List.copyOf(logs);
    traces = List.copyOf(traces);
  }

  /** Whether every source answered in full. */
  public boolean complete() {
    return reports.stream().allMatch(report -> report.outcome() == SourceOutcome.OK);
  }
}
