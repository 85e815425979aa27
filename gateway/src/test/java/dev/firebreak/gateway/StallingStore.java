package dev.firebreak.gateway;

import dev.firebreak.analysis.correlate.SignalCorrelator;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.IncidentChange;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** A real store whose commits hang while stalled, like a store on a disk that stopped. */
final class StallingStore implements IncidentStore {

  private final IncidentStore delegate;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  StallingStore(IncidentStore delegate) {
    this.delegate = delegate;
  }

  void stall() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  @Override
  public List<Boolean> append(List<Signal> signals, Instant receivedAt) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
  public Optional<IncidentChange> update(long id, Function<Incident, IncidentChange> change) {
    return delegate.update(id, change);
  }

  @Override
  public CheckResult check() {
    return delegate.check();
  }

  @Override
  public void close() {
    release();
    delegate.close();
  }
}
