package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.EvidenceKind;
import dev.firebreak.analysis.model.TraceSummary;

/** Traces around an incident (Jaeger, Tempo, Zipkin). */
public interface TraceSource extends EvidenceSource {

  /**
   * Adds failing traces of the incident's services in the window to {@code out}.
   *
   * @throws EvidenceSourceException when the source cannot answer
   */
  void collect(EvidenceRequest request, Findings<TraceSummary> out);

  @Override
  default EvidenceKind kind() {
    return EvidenceKind.TRACES;
  }
}
