package dev.firebreak.analysis.port;

import dev.firebreak.analysis.correlate.SignalCorrelator;
import dev.firebreak.analysis.model.Incident;
import java.util.Optional;
import java.util.function.Function;

/**
 * Incidents, their signals and timelines: a role of the store. Every change is written with
 * its timeline entry and its incident event in one transaction.
 */
public interface Incidents extends IncidentReader {

  /**
   * Hands each of up to {@code limit} uncorrelated signals to the correlator inside one
   * transaction that also marks them correlated, so a crash either keeps all of a batch's
   * effects or none. The signals of one group are handed over in arrival order; a batch mixes
   * the oldest pending signals with the newest first signals of groups that had nothing
   * pending, so that a backlog in some groups does not delay others. Only one caller across all
   * gateways sharing the store runs at a time. Returns how many signals were processed.
   */
  int correlatePending(int limit, SignalCorrelator correlator);

  /**
   * Applies {@code change} to incident {@code id} inside a transaction and stores the result
   * with its timeline entry. Empty if there is no such incident.
   */
  Optional<IncidentChange> update(long id, Function<Incident, IncidentChange> change);
}
