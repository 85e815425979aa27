package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import java.util.Optional;

/** The read side of the incidents role: what the API and the workers read. */
public interface IncidentReader {

  /** Incidents matching the query, newest first, a page at a time. */
  Page<Incident> list(IncidentQuery query);

  /** The incident with every signal and timeline entry: for readers that need them all. */
  Optional<IncidentDetail> detail(long id);

  /**
   * The incident's own row, without its signals and timeline: for readers that decide on its
   * state. An incident that took in an alert storm holds tens of thousands of signals, and a
   * reader per event that loads them all turns the storm into quadratic work and a full heap.
   */
  Optional<Incident> summary(long id);

  /** Incidents not yet resolved. */
  long activeCount();

  /** Signals committed by intake and not yet correlated into incidents. */
  long pendingSignalCount();
}
