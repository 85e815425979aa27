package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.EvidenceKind;
import dev.firebreak.analysis.model.MetricSeries;

/** Metric series around an incident (Prometheus). */
public interface MetricSource extends EvidenceSource {

  /**
   * Adds the series that describe the incident to {@code out}, within the request's limits.
   *
   * @throws EvidenceSourceException when the source cannot answer
   */
  void collect(EvidenceRequest request, Findings<MetricSeries> out);

  @Override
  default EvidenceKind kind() {
    return EvidenceKind.METRICS;
  }
}
