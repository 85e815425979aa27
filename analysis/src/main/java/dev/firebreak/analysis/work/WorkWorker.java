package dev.firebreak.analysis.work;

import dev.firebreak.analysis.port.WorkQueue;
import dev.firebreak.analysis.port.WorkQueue.WorkClaim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loop for every kind of queued work: claims a due item of any kind it has a handler for,
 * runs the handler, and completes the item, or records the failure for a retry with
 * exponential backoff and jitter (dead after the item's last attempt). Polls as well as being
 * woken, because another gateway sharing the store may have queued the work.
 */
public final class WorkWorker implements AutoCloseable {

  /** Does one item's work; an exception is a failed attempt. */
  @FunctionalInterface
  public interface Handler {
    Outcome run(WorkClaim claim) throws Exception;
  }

  /** What became of an item its handler returned from. */
  public enum Outcome {
    /** The work is done; the worker marks the item done. */
    DONE,
    /**
     * The handler ended the lease itself, in the transaction that stored its results (done,
     * due again, or failed): the worker leaves the item as it is.
     */
    SETTLED
  }

  private static final Logger LOG = LoggerFactory.getLogger(WorkWorker.class);
  private static final long POLL_MILLIS = 1000;

  private final WorkQueue queue;
  private final Map<String, Handler> handlers;
  private final Duration lease;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Clock clock;
  private final Wakeups wakeups = new Wakeups();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param lease how long a claim holds an item; a handler must finish well within it
   * @param firstBackoff the wait after a first failure, doubled after each further one
   */
  public WorkWorker(
      WorkQueue queue,
      Map<String, Handler> handlers,
      int threadCount,
      Duration lease,
      Duration firstBackoff,
      Duration maxBackoff,
      Clock clock) {
    this.queue = queue;
    this.handlers = Map.copyOf(handlers);
    this.lease = lease;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(this::loop, "firebreak-work-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  public void start(Thread.UncaughtExceptionHandler onDeath) {
    for (Thread thread : threads) {
      thread.setUncaughtExceptionHandler(onDeath);
      thread.start();
    }
  }

  /** Whether every worker thread runs. */
  public boolean isAlive() {
    return threads.stream().allMatch(Thread::isAlive);
  }

  /** Tells the workers that work was queued. */
  public void wake() {
    wakeups.wake();
  }

  private void loop() {
    while (running) {
      long seen = wakeups.seen();
      boolean worked;
      try {
        worked = runOne();
      } catch (RuntimeException e) {
        LOG.warn("work queue unavailable, retrying: {}", e.toString());
        worked = false;
      }
      if (!worked) {
        try {
          wakeups.await(seen, POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Claims and runs one due item; false when none was due. */
  public boolean runOne() {
    Instant now = clock.instant();
    Optional<WorkClaim> claimed = queue.claim(handlers.keySet(), now, lease);
    if (claimed.isEmpty()) {
      return false;
    }
    WorkClaim claim = claimed.get();
    try {
      Outcome outcome = handlers.get(claim.kind()).run(claim);
      if (outcome == Outcome.DONE && !queue.complete(claim)) {
        LOG.warn(
            "{} {}: lease lost to another worker before completing", claim.kind(), claim.subject());
      }
    } catch (Exception e) {
      boolean last = claim.attempt() >= claim.maxAttempts();
      Instant retryAt = last ? null : clock.instant().plus(backoff(claim.attempt()));
      LOG.warn(
          "{} {}: attempt {} of {} failed{}: {}",
          claim.kind(),
          claim.subject(),
          claim.attempt(),
          claim.maxAttempts(),
          last ? ", giving up" : ", retrying at " + retryAt,
          e.toString());
      queue.fail(claim, retryAt, e.toString());
    }
    return true;
  }

  /**
   * Exponential from the first backoff, capped, with up to a fifth of random jitter so that
   * items failing together do not all come back together.
   */
  public Duration backoff(int attempt) {
    Duration delay = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    if (delay.compareTo(maxBackoff) > 0) {
      delay = maxBackoff;
    }
    long jitter = (long) (delay.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
    return delay.plusMillis(jitter);
  }

  @Override
  public void close() {
    running = false;
    wakeups.close();
    for (Thread thread : threads) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
