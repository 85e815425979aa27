package dev.firebreak.analysis.correlate;

import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.trace.Tracing;
import dev.firebreak.analysis.work.Wakeups;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Correlates committed signals into incidents in the background, so that intake acknowledges as
 * soon as a signal is durable. Signals stay pending in the store until correlated, so a crash
 * loses nothing: the next start picks them up. Polls as well as being woken, because another
 * gateway sharing the store may have committed them.
 */
public final class CorrelationWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CorrelationWorker.class);

  /**
   * While intake is busy a batch stays small, so that it holds SQLite's single write lock for a
   * few milliseconds only and intake commits waiting behind it keep their latency; when intake
   * is idle, large batches catch up with fewer commits.
   */
  private static final int BUSY_BATCH = 25;

  private static final int IDLE_BATCH = 500;
  private static final long POLL_MILLIS = 1000;

  /**
   * The pause after a batch while intake has submissions waiting: acknowledging webhooks before
   * their senders time out matters more than correlating within milliseconds, and on SQLite both
   * need the one write lock. Correlation still gets a batch every pause, and catches up when the
   * burst is over; the backlog is exported as a metric.
   */
  private static final long YIELD_MILLIS = 5;

  private static final long BACKOFF_MILLIS = 2000;

  private final IncidentStore store;
  private final SignalCorrelator correlator;
  private final Tracer tracer;
  private final BooleanSupplier intakeBusy;
  private final Runnable afterBatch;
  private final Wakeups wakeups = new Wakeups();
  private final Thread thread;
  private volatile boolean running = true;

  /** @param intakeBusy whether webhooks are arriving now, so correlation should step aside */
  public CorrelationWorker(
      IncidentStore store, SignalCorrelator correlator, BooleanSupplier intakeBusy) {
    this(store, correlator, intakeBusy, () -> {});
  }

  /** @param afterBatch told after each batch that changed incidents (to wake investigations) */
  public CorrelationWorker(
      IncidentStore store,
      SignalCorrelator correlator,
      BooleanSupplier intakeBusy,
      Runnable afterBatch) {
    this(store, correlator, intakeBusy, afterBatch, Tracing.off());
  }

  /** @param tracer records a span for each batch that correlated something */
  public CorrelationWorker(
      IncidentStore store,
      SignalCorrelator correlator,
      BooleanSupplier intakeBusy,
      Runnable afterBatch,
      Tracer tracer) {
    this.tracer = tracer;
    this.store = store;
    this.correlator = correlator;
    this.intakeBusy = intakeBusy;
    this.afterBatch = afterBatch;
    this.thread = new Thread(this::run, "firebreak-correlation");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Starts the worker; {@code onDeath} hears if it ever dies of something it did not catch. */
  public void start(Thread.UncaughtExceptionHandler onDeath) {
    thread.setUncaughtExceptionHandler(onDeath);
    thread.start();
  }

  /** Whether the worker thread runs (false once closed). */
  public boolean isAlive() {
    return thread.isAlive();
  }

  /** Tells the worker that new signals were committed. */
  public void wake() {
    wakeups.wake();
  }

  private void run() {
    while (running) {
      long seen = wakeups.seen();
      try {
        boolean busy = intakeBusy.getAsBoolean();
        int batch = busy ? BUSY_BATCH : IDLE_BATCH;
        int processed = correlateBatch(batch);
        if (processed > 0) {
          afterBatch.run();
        }
        if (processed < batch) {
          wakeups.await(seen, POLL_MILLIS);
        } else if (busy) {
          Thread.sleep(YIELD_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("correlation failed, retrying in {} ms: {}", BACKOFF_MILLIS, e.toString());
        try {
          wakeups.await(seen, BACKOFF_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * One batch. Its span is recorded afterwards, and only when the batch correlated something or
   * failed: an idle worker polling an empty backlog would otherwise fill traces with empty
   * spans.
   */
  private int correlateBatch(int batch) {
    Instant started = Instant.now();
    try {
      int processed = store.incidents().correlatePending(batch, correlator);
      if (processed > 0) {
        span(started, batch).setAttribute("firebreak.signals", processed).end();
      }
      return processed;
    } catch (RuntimeException e) {
      Span span = span(started, batch);
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      span.end();
      throw e;
    }
  }

  private Span span(Instant started, int batch) {
    return tracer
        .spanBuilder(Tracing.CORRELATION_BATCH)
        .setStartTimestamp(started)
        .setAttribute("firebreak.batch_limit", batch)
        .startSpan();
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
