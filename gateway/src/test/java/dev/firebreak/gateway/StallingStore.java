package dev.firebreak.gateway;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.port.ForwardingIncidentStore;
import dev.firebreak.analysis.port.IncidentStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** A real store whose commits hang while stalled, like a store on a disk that stopped. */
final class StallingStore extends ForwardingIncidentStore {

  private volatile CountDownLatch gate = new CountDownLatch(0);

  StallingStore(IncidentStore delegate) {
    super(delegate);
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
    return super.append(signals, receivedAt);
  }

  @Override
  public void close() {
    release();
    super.close();
  }
}
