package dev.firebreak.analysis.port;

import dev.firebreak.analysis.correlate.SignalCorrelator;
import dev.firebreak.analysis.model.Incident;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where signals, incidents and their timelines live. Every implementation passes the same
 * contract suite; several gateways may share one store.
 */
public interface IncidentStore
    extends IntakeLog, IncidentReader, InvestigationQueue, DiagnosisStore, Component {

  /**
   * Hands each of up to {@code limit} uncorrelated signals to the correlator inside one
   * transaction that also marks them correlated, so a crash either keeps all of a batch's
   * effects or none. The signals of one group are handed over in arrival order; a batch mixes
   * the oldest pending signals with the newest first signals of groups that had nothing pending,
   * so that a backlog in some groups does not delay others. Only one caller across all gateways sharing the store
   * runs at a time. Returns how many signals were processed.
   */
  int correlatePending(int limit, SignalCorrelator correlator);

  /**
   * Applies {@code change} to incident {@code id} inside a transaction and stores the result
   * with its timeline entry. Empty if there is no such incident.
   */
  Optional<IncidentChange> update(long id, Function<Incident, IncidentChange> change);

  /** The stream of incident changes, each written in the transaction of its change. */
  IncidentEvents events();

  /** Durable leased work for the steps that act on incidents. */
  WorkQueue work();

  /** What is remembered of each incident for recall, with its embedding. */
  IncidentMemory memory();

  /** The postmortems written, every version. */
  Postmortems postmortems();

  /** What people said about incidents after the fact. */
  FeedbackStore feedback();

  /** The notifications decided on, and their delivery. */
  Outbox outbox();

  /** Remediation actions, their audit trail and the kill switch. */
  Remediations remediations();
}
