package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.Notification.Action;
import dev.firebreak.analysis.model.Notification.Channel;
import dev.firebreak.analysis.model.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notification outbox. A decision's messages, its timeline entries and the work that
 * delivers them are written in one transaction; delivery settles one message at a time under
 * the lease of its work item, so each message reaches its channel once, in order per incident,
 * whichever gateway sharing the store delivers it.
 */
public interface Outbox {

  /** The work-queue kind of delivery; its subjects are {@link Notification#subject}. */
  String WORK_KIND = "notify";

  /**
   * Attempts at a delivery work item before it is dead: failures of the store, not of a
   * channel (a message counts its own attempts and gives up on its own).
   */
  int WORK_ATTEMPTS = 1000;

  /** A message a decision asks for. */
  record Draft(
      Channel channel,
      String target,
      Action action,
      String text,
      Instant dueAt,
      boolean unlessHandled) {}

  /**
   * What a decision on one event wrote. {@code cancelScheduled} cancels the incident's pages
   * that were waiting for it to be handled (it was acknowledged or resolved).
   */
  record Decision(
      long incidentId,
      long eventId,
      List<Draft> drafts,
      List<TimelineEntry> timeline,
      boolean cancelScheduled) {}

  /**
   * Writes a decision: its messages, its timeline entries (each with its incident event) and
   * the delivery work, in one transaction. A decision for an event already decided writes
   * nothing (a consumer handed the same events again after a crash); returns whether it wrote.
   */
  default boolean record(Decision decision) {
    return !record(List.of(decision)).isEmpty();
  }

  /**
   * Writes several decisions in one transaction (a consumer's batch), skipping those already
   * written; returns the ones it wrote.
   */
  List<Decision> record(List<Decision> decisions);

  /** An incident's messages, oldest first. */
  List<Notification> of(long incidentId);

  Optional<Notification> find(long id);

  /**
   * The last PagerDuty action still standing for an incident and routing key: a sent or
   * queued trigger, acknowledge or resolve, not counting cancelled, coalesced or refused
   * messages. Scheduled pages (waiting to be handled) are reported as such.
   */
  PageState pageState(long incidentId, String target);

  /** Where an incident stands with PagerDuty. */
  enum PageState {
    /** Never paged, or the last page was resolved. */
    NONE,
    /** A page waits for its time unless the incident is handled first. */
    SCHEDULED,
    /** A page was sent or is being sent and was not resolved. */
    OPEN
  }

  /** A subject's messages still to be delivered, oldest first, at most {@code limit}. */
  List<Notification> open(String subject, int limit);

  /**
   * How a delivery attempt ended.
   *
   * @param slackMessage the Slack message the attempt created, kept whatever the outcome
   * @param timeline an entry for the incident's timeline (a message that gave up), written with
   *     its event
   */
  record Settlement(
      Notification.State state,
      String error,
      String response,
      Optional<SlackMessage> slackMessage,
      Optional<TimelineEntry> timeline) {}

  /**
   * Settles one attempt at a message under the claim of its subject's work item: stores the
   * outcome, then hands the work item back as {@link #handBack} does. False, changing nothing,
   * when the lease was lost.
   */
  boolean settle(
      WorkQueue.WorkClaim claim, long notificationId, Settlement settlement, Instant notBefore);

  /**
   * Hands a claimed work item back: due at the subject's next open message but not before
   * {@code notBefore}, or done when none is left. False when the lease was lost.
   */
  boolean handBack(WorkQueue.WorkClaim claim, Instant notBefore);

  /** The incident's Slack message in a channel, once posted. */
  Optional<SlackMessage> slackMessage(long incidentId, String channel);

  /** Where an incident's Slack message is: its channel's id and its {@code ts}. */
  record SlackMessage(String channelId, String ts) {}

  /**
   * Queues a message that gave up again, with its attempts reset; false when it is not in that
   * state.
   */
  boolean resend(long id, Instant now);

  /** Messages per channel and state, for metrics. */
  Map<Channel, Map<Notification.State, Long>> counts();
}
