package dev.firebreak.analysis.work;

import dev.firebreak.analysis.port.IncidentEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes incident events older than the retention, hourly. Every gateway sharing a store may
 * run it: deleting what another already deleted is nothing.
 */
public final class EventRetention implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
  private static final long EVERY_MINUTES = 60;

  private final IncidentEvents events;
  private final Duration retention;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "firebreak-event-retention");
            thread.setDaemon(true);
            return thread;
          });

  public EventRetention(IncidentEvents events, Duration retention, Clock clock) {
    this.events = events;
    this.retention = retention;
    this.clock = clock;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::runOnce, 1, EVERY_MINUTES, TimeUnit.MINUTES);
  }

  /** Deletes what is past the retention now; returns how many events went. */
  public int runOnce() {
    try {
      int deleted = events.deleteRecordedBefore(clock.instant().minus(retention));
      if (deleted > 0) {
        LOG.info("deleted {} incident events older than {}", deleted, retention);
      }
      return deleted;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not delete old incident events, trying again in {} min: {}",
          EVERY_MINUTES,
          e.toString());
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
