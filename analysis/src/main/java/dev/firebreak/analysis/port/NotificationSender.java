package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.port.Outbox.SlackMessage;
import java.time.Duration;
import java.util.Optional;

/** Delivers outbox messages to one channel (PagerDuty, Slack). */
public interface NotificationSender {

  Notification.Channel channel();

  /**
   * Makes one attempt at a message, drawing its content from the incident as it is now (a page
   * sent late after an outage shows the latest diagnosis). Never throws: every failure is a
   * {@link Delivery} that says whether trying again can help.
   */
  Delivery send(Notification message, Context context);

  /** Whether the sender can use {@code target} (a routing-key name it has a key for). */
  boolean knows(String target);

  /**
   * What a message is drawn from.
   *
   * @param incidentUrl the incident in Firebreak's API, when a public URL is configured
   * @param slackMessage the incident's Slack message in the target channel, once posted
   */
  /**
   * @param awaiting remediation actions waiting for a person's answer, for approve and reject
   *     buttons
   */
  record Context(
      IncidentDetail incident,
      Optional<Diagnosis> diagnosis,
      Optional<String> incidentUrl,
      Optional<SlackMessage> slackMessage,
      java.util.List<dev.firebreak.analysis.model.RemediationAction> awaiting) {

    public Context {
      awaiting = java.util.List.copyOf(awaiting);
    }

    public Context(
        IncidentDetail incident,
        Optional<Diagnosis> diagnosis,
        Optional<String> incidentUrl,
        Optional<SlackMessage> slackMessage) {
      this(incident, diagnosis, incidentUrl, slackMessage, java.util.List.of());
    }
  }

  /** How one attempt ended. */
  sealed interface Delivery {
    /** A Slack message the attempt created, to be kept even when the attempt failed later. */
    Optional<SlackMessage> slackMessage();
  }

  /** The channel took it. */
  record Sent(String response, Optional<SlackMessage> slackMessage) implements Delivery {}

  /**
   * It may work later (5xx, timeouts, throttling).
   *
   * @param retryAfter what the channel asked for, if it did
   * @param throttled the channel said too many: every message to the target slows down
   */
  record Retry(
      String reason,
      Optional<Duration> retryAfter,
      boolean throttled,
      Optional<SlackMessage> slackMessage)
      implements Delivery {}

  /** The channel refused it, and sending it again unchanged would be refused again. */
  record Refused(String reason, Optional<SlackMessage> slackMessage) implements Delivery {}
}
