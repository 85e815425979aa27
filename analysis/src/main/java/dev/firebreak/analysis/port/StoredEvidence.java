package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.RecordedExchange;
import java.util.List;

/** Evidence as stored, with the exchanges that produced it. */
public record StoredEvidence(Evidence evidence, List<RecordedExchange> exchanges) {

  public StoredEvidence {
    exchanges = List.copyOf(exchanges);
  }
}
