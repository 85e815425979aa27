package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.EvidenceKind;
import dev.firebreak.analysis.model.LogLine;

/** Log lines around an incident (Loki, Elasticsearch, OpenSearch). */
public interface LogSource extends EvidenceSource {

  /**
   * Adds the lines of the incident's services in the window to {@code out}, errors first.
   *
   * @throws EvidenceSourceException when the source cannot answer
   */
  void collect(EvidenceRequest request, Findings<LogLine> out);

  @Override
  default EvidenceKind kind() {
    return EvidenceKind.LOGS;
  }
}
