package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import java.util.Optional;

/** The read side of the incidents role: what the API and the workers read. */
public interface IncidentReader {

  /** Incidents matching the query, newest first, a page at a time. */
  Page<Incident> list(IncidentQuery query);

  /** The most alerts a detail holds: an alert storm's incident is read in bounded memory. */
  int MAX_DETAIL_ALERTS = 500;

  /**
   * The incident with its timeline and, of each of its alerts, the first signal (when and how
   * it began, for the postmortem) and the latest (its current state), oldest first, of at most
   * {@link #MAX_DETAIL_ALERTS} alerts, the most recently signalled. The repeats and states in
   * between are counted in {@link Incident#signalCount()} but not read: an incident that took
   * in a storm of tens of thousands of signals is read in the memory of a few hundred.
   */
  Optional<IncidentDetail> detail(long id);

  /** The most signals {@link #history} holds. */
  int MAX_HISTORY_SIGNALS = 500;

  /**
   * The incident with its timeline and its most recent signals, repeats and every state
   * change included, at most {@link #MAX_HISTORY_SIGNALS} of them, oldest first: what a person
   * reading the incident wants to see (a PagerDuty incident's whole lifecycle), bounded.
   */
  Optional<IncidentDetail> history(long id);

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
