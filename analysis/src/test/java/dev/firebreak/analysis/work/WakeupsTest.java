package dev.firebreak.analysis.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeupsTest {

  @Test
  void await_returnsForAWakeThatCameWhileBusyAndWaitsOtherwise() throws Exception {
    Wakeups wakeups = new Wakeups();
    long seen = wakeups.seen();
    wakeups.wake(); // while the worker was looking for work
    long started = System.nanoTime();
    wakeups.await(seen, 10_000);
    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));

    long now = wakeups.seen();
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(
            () -> {
              try {
                wakeups.await(now, 60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    // Once the worker is really waiting, nothing but a wake or close lets it go.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!wakeups.hasWaiters() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(wakeups.hasWaiters()).isTrue();
    assertThat(waiting).isNotDone();
    wakeups.close();
    waiting.get(10, TimeUnit.SECONDS);
    wakeups.await(wakeups.seen(), 60_000); // closed: never waits again
  }
}
