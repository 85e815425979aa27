package dev.firebreak.analysis.work;

import dev.firebreak.analysis.port.IncidentEvents;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread that follows the incident event stream as one named consumer: it hands
 * each batch to the handler and moves the consumer's durable position only when the handler
 * returns, so a failure or a crash means the same events are handed over again — handlers are
 * idempotent. A failing handler is retried with a growing pause, never skipped. Polls as well as
 * being woken, because another gateway may have written the events. While {@code stepAside}
 * says so (webhooks arriving), it takes one event at a time with a pause between them, so that a
 * consumer that costs CPU (embedding, writing files) does not slow intake during a storm.
 */
public final class EventFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);
  private static final long POLL_MILLIS = 1000;
  private static final long MAX_PAUSE_MILLIS = 60_000;
  private static final int BUSY_BATCH = 1;
  private static final long YIELD_MILLIS = 200;

  private final IncidentEvents events;
  private final String consumer;
  private final int batch;
  private final IncidentEvents.Handler handler;
  private final BooleanSupplier stepAside;
  private final Wakeups wakeups = new Wakeups();
  private final Thread thread;
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean running = true;

  public EventFollower(
      IncidentEvents events, String consumer, int batch, IncidentEvents.Handler handler) {
    this(events, consumer, batch, handler, () -> false);
  }

  public EventFollower(
      IncidentEvents events,
      String consumer,
      int batch,
      IncidentEvents.Handler handler,
      BooleanSupplier stepAside) {
    this.stepAside = stepAside;
    this.events = events;
    this.consumer = consumer;
    this.batch = batch;
    this.handler = handler;
    this.thread = new Thread(this::loop, "firebreak-events-" + consumer);
    this.thread.setDaemon(true);
  }

  public void start(Thread.UncaughtExceptionHandler onDeath) {
    thread.setUncaughtExceptionHandler(onDeath);
    thread.start();
  }

  public boolean isAlive() {
    return thread.isAlive();
  }

  /** Tells the follower that events may have been written. */
  public void wake() {
    wakeups.wake();
  }

  /** Consecutive failed batches, 0 while the consumer keeps up. */
  public long failures() {
    return failures.get();
  }

  public String consumer() {
    return consumer;
  }

  private void loop() {
    long pause = POLL_MILLIS;
    while (running) {
      long seen = wakeups.seen();
      boolean busy = stepAside.getAsBoolean();
      int handled;
      try {
        handled = events.consume(consumer, busy ? Math.min(BUSY_BATCH, batch) : batch, handler);
        failures.set(0);
        pause = POLL_MILLIS;
      } catch (RuntimeException e) {
        long failed = failures.incrementAndGet();
        if (failed == 1) {
          // The first failure of a run carries its stack: a bare NullPointerException tells
          // the operator nothing. The retries after it repeat the one line.
          LOG.warn(
              "event consumer {} failed, retrying in {} ms: {}", consumer, pause, e.toString(), e);
        } else {
          LOG.warn(
              "event consumer {} failed {} time(s) in a row, retrying in {} ms: {}",
              consumer,
              failed,
              pause,
              e.toString());
        }
        handled = 0;
        sleepQuietly(pause);
        pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        continue;
      }
      try {
        if (handled == 0) {
          wakeups.await(seen, POLL_MILLIS);
        } else if (busy) {
          Thread.sleep(YIELD_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void sleepQuietly(long millis) {
    try {
      // Waiting on the wakeups rather than sleeping lets close() end the pause at once.
      wakeups.await(wakeups.seen(), millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    wakeups.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
