package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.IncidentEvent;
import java.time.Instant;
import java.util.List;

/**
 * The stream of incident changes, written in the same transaction as each change and read by
 * consumers (remediation, notifications, postmortems, memory) that each keep a durable position.
 * A consumer sees every retained event once, in commit order (hence in order per incident),
 * across restarts and across gateways sharing the store.
 */
public interface IncidentEvents {

  /** How a consumer takes a batch of events; an exception leaves them to be taken again. */
  @FunctionalInterface
  interface Handler {
    void handle(List<IncidentEvent> events) throws Exception;
  }

  /** An incident's events, oldest first. */
  List<IncidentEvent> eventsOf(long incidentId);

  /**
   * Hands {@code consumer}'s next events (at most {@code limit}) to {@code handler} and moves
   * the consumer's position past them once the handler returns, in one transaction that holds
   * the consumer's position exclusively: two gateways running the same consumer never get the
   * same event. A new consumer starts at the oldest retained event. Returns how many were
   * handled.
   *
   * @throws EventHandlerException when the handler threw; the position did not move
   */
  int consume(String consumer, int limit, Handler handler);

  /** The id of the last event {@code consumer} handled (0 before its first). */
  long position(String consumer);

  /** The id of the newest event, 0 when there is none. */
  long latestEventId();

  /** Deletes events recorded before {@code cutoff}; returns how many. */
  int deleteRecordedBefore(Instant cutoff);

  /** A consumer's handler failed; its batch stays unconsumed. */
  final class EventHandlerException extends RuntimeException {
    public EventHandlerException(String consumer, Throwable cause) {
      super("event consumer " + consumer + " failed: " + cause, cause);
    }
  }
}
