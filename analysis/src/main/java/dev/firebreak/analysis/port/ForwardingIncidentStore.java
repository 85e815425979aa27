package dev.firebreak.analysis.port;

import dev.firebreak.analysis.correlate.SignalCorrelator;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A store that hands every call to another: the base of decorators (metrics, fault injection
 * in tests), which override only what they change.
 */
public abstract class ForwardingIncidentStore implements IncidentStore {

  private final IncidentStore delegate;

  protected ForwardingIncidentStore(IncidentStore delegate) {
    this.delegate = delegate;
  }

  protected IncidentStore delegate() {
    return delegate;
  }

  @Override
  public List<Boolean> append(List<Signal> signals, Instant receivedAt) {
    return delegate.append(signals, receivedAt);
  }

  @Override
  public void recordRejected(RejectedDelivery rejected) {
    delegate.recordRejected(rejected);
  }

  @Override
  public Page<Incident> incidents(IncidentQuery query) {
    return delegate.incidents(query);
  }

  @Override
  public Optional<IncidentDetail> incident(long id) {
    return delegate.incident(id);
  }

  @Override
  public Optional<Incident> summary(long id) {
    return delegate.summary(id);
  }

  @Override
  public long activeIncidentCount() {
    return delegate.activeIncidentCount();
  }

  @Override
  public long pendingSignalCount() {
    return delegate.pendingSignalCount();
  }

  @Override
  public int correlatePending(int limit, SignalCorrelator correlator) {
    return delegate.correlatePending(limit, correlator);
  }

  @Override
  public Optional<InvestigationClaim> beginInvestigation(WorkQueue.WorkClaim work) {
    return delegate.beginInvestigation(work);
  }

  @Override
  public IncidentEvents events() {
    return delegate.events();
  }

  @Override
  public WorkQueue work() {
    return delegate.work();
  }

  @Override
  public IncidentMemory memory() {
    return delegate.memory();
  }

  @Override
  public Postmortems postmortems() {
    return delegate.postmortems();
  }

  @Override
  public FeedbackStore feedback() {
    return delegate.feedback();
  }

  @Override
  public Outbox outbox() {
    return delegate.outbox();
  }

  @Override
  public Remediations remediations() {
    return delegate.remediations();
  }

  @Override
  public Optional<IncidentChange> update(long id, Function<Incident, IncidentChange> change) {
    return delegate.update(id, change);
  }

  @Override
  public Optional<InvestigationClaim> claimInvestigation(Instant now, Duration lease) {
    return delegate.claimInvestigation(now, lease);
  }

  @Override
  public boolean completeInvestigation(
      InvestigationClaim claim,
      StoredEvidence evidence,
      NextInvestigation next,
      Diagnosis diagnosis) {
    return delegate.completeInvestigation(claim, evidence, next, diagnosis);
  }

  @Override
  public void retryInvestigation(InvestigationClaim claim, Instant retryAt, String error) {
    delegate.retryInvestigation(claim, retryAt, error);
  }

  @Override
  public Optional<StoredEvidence> latestEvidence(long incidentId) {
    return delegate.latestEvidence(incidentId);
  }

  @Override
  public Optional<InvestigationStatus> investigationStatus(long incidentId) {
    return delegate.investigationStatus(incidentId);
  }

  @Override
  public long dueInvestigationCount(Instant now) {
    return delegate.dueInvestigationCount(now);
  }

  @Override
  public void saveDiagnosis(Diagnosis diagnosis) {
    delegate.saveDiagnosis(diagnosis);
  }

  @Override
  public Optional<Diagnosis> latestDiagnosis(long incidentId) {
    return delegate.latestDiagnosis(incidentId);
  }

  @Override
  public CheckResult check() {
    return delegate.check();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
