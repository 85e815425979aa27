package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.Locale;

/**
 * One message in the outbox: asked for by a decision on an incident event, delivered to one
 * channel and target after every earlier message of its incident to the same place.
 *
 * @param eventId the incident event whose decision asked for it
 * @param target the PagerDuty routing-key name or the Slack channel
 * @param text why it was sent, as a person reads it (a thread reply's words)
 * @param dueAt not delivered before; a scheduled page is due minutes after the decision
 * @param unlessHandled cancelled when the incident is acknowledged or resolved before it is due
 * @param attempts delivery attempts so far
 * @param lastError why the last attempt failed, if it did
 * @param response what the channel answered to the attempt that settled it
 */
public record Notification(
    long id,
    long incidentId,
    long eventId,
    Channel channel,
    String target,
    Action action,
    String text,
    State state,
    Instant dueAt,
    boolean unlessHandled,
    int attempts,
    String lastError,
    String response,
    Instant createdAt,
    Instant updatedAt,
    Instant sentAt) {

  /** Where a message goes. */
  public enum Channel {
    PAGERDUTY,
    SLACK;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Channel fromWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** What a message does on its channel. */
  public enum Action {
    /** PagerDuty: open or update the alert. */
    TRIGGER,
    /** PagerDuty: someone is on it. */
    ACKNOWLEDGE,
    /** PagerDuty: close the alert. */
    RESOLVE,
    /** Slack: the incident's message. */
    POST,
    /** Slack: the incident's message, redrawn from its current state. */
    UPDATE,
    /** Slack: a step, in the thread of the incident's message. */
    REPLY;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Action fromWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** Where a message is in its delivery. */
  public enum State {
    /** Not yet tried. */
    PENDING,
    /** Tried and failed; tried again after a backoff. */
    FAILED,
    SENT,
    /** Refused by the channel, or failed on every attempt; can be re-sent from the API. */
    GAVE_UP,
    /** A scheduled page the incident no longer needed (acknowledged or resolved first). */
    CANCELLED,
    /** Superseded by a later message of the same kind before it went out (an outage, a storm). */
    COALESCED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static State fromWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Still to be delivered. */
    public boolean isOpen() {
      return this == PENDING || this == FAILED;
    }
  }

  /** The work-queue subject that delivers this message and the others of its place. */
  public String subject() {
    return subject(incidentId, channel, target);
  }

  public static String subject(long incidentId, Channel channel, String target) {
    return incidentId + "/" + channel.wireName() + "/" + target;
  }
}
