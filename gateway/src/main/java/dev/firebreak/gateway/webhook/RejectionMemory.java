package dev.firebreak.gateway.webhook;

import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.IntakeLog;
import dev.firebreak.gateway.http.ApiException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers refused bodies by digest. Alertmanager re-sends a refused payload at every group
 * interval for as long as its group lives, so a repeat is answered from memory with the same
 * error, without parsing, and only counted in the store. Recording is best effort and off the
 * request thread: a refused payload was never acknowledged, so nothing is lost if it fails.
 */
final class RejectionMemory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RejectionMemory.class);
  private static final int CAPACITY = 10_000;

  private final IntakeLog log;
  private final Clock clock;
  private final Map<String, Refusal> recent =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Refusal> eldest) {
          return size() > CAPACITY;
        }
      };

  /** The answer the sender got, and the reason as recorded, without payload values. */
  private record Refusal(ApiException answer, String reason) {}

  private final ExecutorService recorder =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(1000),
          runnable -> {
            Thread thread = new Thread(runnable, "firebreak-rejection-recorder");
            thread.setDaemon(true);
            return thread;
          });

  RejectionMemory(IntakeLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Nothing remembered: then no body needs hashing before it is parsed. */
  boolean isEmpty() {
    synchronized (recent) {
      return recent.isEmpty();
    }
  }

  /** The error a body with this digest got before, or null. */
  ApiException previous(Source source, String digest) {
    synchronized (recent) {
      Refusal refusal = recent.get(source.wireName() + ":" + digest);
      return refusal == null ? null : refusal.answer();
    }
  }

  /** Remembers a refused body; {@code reason} is what the store keeps, free of payload values. */
  void remember(Source source, String digest, ApiException answer, String reason) {
    synchronized (recent) {
      recent.put(source.wireName() + ":" + digest, new Refusal(answer, reason));
    }
    record(source, digest, answer.status(), reason);
  }

  /** Counts one more arrival of a body refused before. */
  void countRepeat(Source source, String digest, ApiException answer) {
    String reason;
    synchronized (recent) {
      Refusal refusal = recent.get(source.wireName() + ":" + digest);
      reason = refusal == null ? answer.code() : refusal.reason();
    }
    record(source, digest, answer.status(), reason);
  }

  private void record(Source source, String digest, int status, String reason) {
    RejectedDelivery rejected =
        new RejectedDelivery(source, digest, status, reason, clock.instant());
    try {
      recorder.execute(
          () -> {
            try {
              log.recordRejected(rejected);
            } catch (RuntimeException e) {
              LOG.debug(
                  "could not record a rejected {} delivery: {}", source.wireName(), e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("rejection recorder busy; not recording this repeat");
    }
  }

  @Override
  public void close() {
    recorder.shutdown();
    try {
      recorder.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
