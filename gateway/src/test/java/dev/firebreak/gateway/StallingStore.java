package dev.firebreak.gateway;

import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.FeedbackStore;
import dev.firebreak.analysis.port.IncidentEvents;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.Incidents;
import dev.firebreak.analysis.port.IntakeLog;
import dev.firebreak.analysis.port.Investigations;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.Postmortems;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.WorkQueue;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A real store whose intake commits hang while stalled, like a store on a disk that stopped.
 * Only the intake role is decorated; every other role is the real store's.
 */
final class StallingStore implements IncidentStore {

  private final IncidentStore delegate;
  private final StallingIntake intake;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  StallingStore(IncidentStore delegate) {
    this.delegate = delegate;
    this.intake = new StallingIntake(delegate.intake());
  }

  void stall() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  private final class StallingIntake implements IntakeLog {

    private final IntakeLog log;

    StallingIntake(IntakeLog log) {
      this.log = log;
    }

    @Override
    public List<Boolean> append(List<Signal> signals, Instant receivedAt) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return log.append(signals, receivedAt);
    }

    @Override
    public void recordRejected(RejectedDelivery rejected) {
      log.recordRejected(rejected);
    }
  }

  @Override
  public IntakeLog intake() {
    return intake;
  }

  @Override
  public Incidents incidents() {
    return delegate.incidents();
  }

  @Override
  public Investigations investigations() {
    return delegate.investigations();
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
  public CheckResult check() {
    return delegate.check();
  }

  @Override
  public void close() {
    release();
    delegate.close();
  }
}
