package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.port.WorkQueue;
import dev.firebreak.analysis.work.WorkWorker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one worker loop over the real queue: retries with backoff, gives up, serves kinds. */
class WorkWorkerTest {

  @TempDir Path directory;

  @Test
  void worker_retriesAFailingItemUntilItSucceedsAndSetsAsideOneThatNeverDoes() throws Exception {
    try (JdbcIncidentStore store =
        JdbcIncidentStore.open("jdbc:sqlite:" + directory.resolve("work.db"), 2)) {
      WorkQueue queue = store.work();
      AtomicInteger flakyRuns = new AtomicInteger();
      AtomicInteger brokenRuns = new AtomicInteger();
      Map<String, WorkWorker.Handler> handlers =
          Map.of(
              "flaky",
              claim -> {
                if (flakyRuns.incrementAndGet() < 3) {
                  throw new IllegalStateException("503 from the receiver");
                }
                return WorkWorker.Outcome.DONE;
              },
              "broken",
              claim -> {
                brokenRuns.incrementAndGet();
                throw new IllegalStateException("400: never going to work");
              });
      Instant now = Instant.now();
      queue.enqueue("flaky", "a", now, "{}", 5);
      queue.enqueue("broken", "b", now, "{}", 3);
      queue.enqueue("unhandled", "c", now, "{}", 3);
      try (WorkWorker worker =
          new WorkWorker(
              queue,
              handlers,
              2,
              Duration.ofMinutes(1),
              Duration.ofMillis(20),
              Duration.ofMillis(200),
              Clock.systemUTC())) {
        worker.start((thread, error) -> {});
        worker.wake();
        await(() -> "done".equals(queue.item("flaky", "a").orElseThrow().state()));
        await(() -> "dead".equals(queue.item("broken", "b").orElseThrow().state()));
        assertThat(worker.isAlive()).isTrue();
      }
      assertThat(flakyRuns.get()).isEqualTo(3);
      assertThat(brokenRuns.get()).isEqualTo(3);
      assertThat(queue.dead("broken", 5).get(0).lastError()).contains("never going to work");
      // Kinds without a handler here are left for a gateway that has one.
      assertThat(queue.item("unhandled", "c").orElseThrow().attempts()).isZero();
    }
  }

  @Test
  void backoff_doublesFromTheFirstUpToTheCapWithAFifthOfJitter() {
    WorkWorker worker =
        new WorkWorker(
            null,
            Map.of(),
            0,
            Duration.ofMinutes(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Clock.systemUTC());
    assertThat(worker.backoff(1)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1200));
    assertThat(worker.backoff(3)).isBetween(Duration.ofSeconds(4), Duration.ofMillis(4800));
    assertThat(worker.backoff(12)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(36));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
