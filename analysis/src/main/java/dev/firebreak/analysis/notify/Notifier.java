package dev.firebreak.analysis.notify;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.Notification.Action;
import dev.firebreak.analysis.model.Notification.Channel;
import dev.firebreak.analysis.model.Notification.State;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.NotificationSender;
import dev.firebreak.analysis.port.NotificationSender.Delivery;
import dev.firebreak.analysis.port.NotificationSender.Refused;
import dev.firebreak.analysis.port.NotificationSender.Retry;
import dev.firebreak.analysis.port.NotificationSender.Sent;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.Outbox.Decision;
import dev.firebreak.analysis.port.Outbox.Settlement;
import dev.firebreak.analysis.port.WorkQueue.WorkClaim;
import dev.firebreak.analysis.work.EventFollower;
import dev.firebreak.analysis.work.WorkWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about incidents. As the {@code notify} consumer of the incident event stream it
 * decides, per event, who hears of it ({@link Escalator}) and writes the messages to the outbox
 * with the timeline entries that say why; as the handler of {@code notify} work it delivers each
 * incident's messages to each channel in order, with backoff, pacing and coalescing, and
 * records what the channel answered. Without a channel configured, the decisions still reach
 * the timeline and the log.
 */
public final class Notifier implements AutoCloseable {

  /** The consumer name, stored with its position. */
  public static final String CONSUMER = "notify";

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final int BATCH = 100;
  private static final int LOOKAHEAD = 50;

  private final IncidentStore store;
  private final Escalator escalator;
  private final Map<Channel, NotificationSender> senders;
  private final Map<Channel, Pacer> pacers;
  private final Optional<String> publicUrl;
  private final Retries retries;
  private final Clock clock;
  private final EventFollower follower;
  private final Runnable onQueued;

  /**
   * How often and how long a message is tried.
   *
   * @param first the wait after a message's first failure, doubled after each further one
   * @param max the longest wait
   * @param attempts attempts before a message gives up
   */
  public record Retries(Duration first, Duration max, int attempts) {
    public Duration after(int attempt) {
      Duration delay = first.multipliedBy(1L << Math.min(attempt - 1, 20));
      if (delay.compareTo(max) > 0) {
        delay = max;
      }
      return delay.plusMillis(
          (long) (delay.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }
  }

  /**
   * @param publicUrl where people reach this gateway ({@code https://firebreak.example.com}),
   *     for links in messages
   */
  public Notifier(
      IncidentStore store,
      Escalator escalator,
      List<NotificationSender> senders,
      Optional<String> publicUrl,
      Retries retries,
      Clock clock,
      Runnable onQueued) {
    this.onQueued = onQueued;
    this.store = store;
    this.escalator = escalator;
    this.senders =
        senders.stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    NotificationSender::channel, sender -> sender));
    this.pacers =
        Map.of(
            Channel.PAGERDUTY, new Pacer(Duration.ZERO),
            Channel.SLACK, new Pacer(Duration.ofSeconds(1)));
    this.publicUrl =
        publicUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.retries = retries;
    this.clock = clock;
    this.follower = new EventFollower(store.events(), CONSUMER, BATCH, this::decide);
  }

  public EventFollower follower() {
    return follower;
  }

  public void start(Thread.UncaughtExceptionHandler onDeath) {
    follower.start(onDeath);
  }

  public void wake() {
    follower.wake();
  }

  /** The channels messages can be delivered to. */
  public java.util.Set<Channel> channels() {
    return senders.keySet();
  }

  /** Decides who hears of each event of a batch and writes the messages in one transaction. */
  void decide(List<IncidentEvent> events) {
    List<Decision> decisions = new java.util.ArrayList<>();
    // Logged once the batch's decisions are stored, for the events decided now: a batch handed
    // over again (after a crash) logs nothing twice.
    Map<Long, Runnable> lines = new java.util.HashMap<>();
    Map<Long, Optional<Incident>> incidents = new java.util.HashMap<>();
    for (IncidentEvent event : events) {
      Optional<Incident> found =
          incidents.computeIfAbsent(event.incidentId(), store.incidents()::summary);
      if (found.isEmpty()) {
        continue;
      }
      Incident incident = found.get();
      Optional<Diagnosis> diagnosis =
          event.kind() == IncidentEventKind.DIAGNOSED
              ? store.investigations().latestDiagnosis(incident.id())
              : Optional.empty();
      lines.put(event.id(), () -> LifecycleLog.log(event, incident, diagnosis));
      Decision decision =
          escalator.decide(
              event,
              incident,
              diagnosis,
              (id, target) -> pageState(decisions, id, target),
              clock.instant());
      // Empty decisions are recorded too: the mark says the event was decided.
      decisions.add(decision);
    }
    if (decisions.isEmpty()) {
      return;
    }
    List<Decision> written = store.outbox().record(decisions);
    for (Decision decision : written) {
      lines.getOrDefault(decision.eventId(), () -> {}).run();
    }
    boolean queued = false;
    for (Decision decision : written) {
      for (TimelineEntry entry : decision.timeline()) {
        LOG.info("incident {}: {}", decision.incidentId(), entry.message());
      }
      queued |= !decision.drafts().isEmpty();
    }
    if (queued) {
      onQueued.run();
    }
  }

  /**
   * Where an incident stands with PagerDuty, counting the decisions of this batch not yet
   * written (an opening and its resolution in one batch must see the page the opening asked for).
   */
  private Outbox.PageState pageState(List<Decision> pending, long incidentId, String target) {
    for (int i = pending.size() - 1; i >= 0; i--) {
      Decision decision = pending.get(i);
      if (decision.incidentId() != incidentId) {
        continue;
      }
      if (decision.cancelScheduled()) {
        return Outbox.PageState.NONE;
      }
      for (int d = decision.drafts().size() - 1; d >= 0; d--) {
        Outbox.Draft draft = decision.drafts().get(d);
        if (draft.channel() == Channel.PAGERDUTY && draft.target().equals(target)) {
          if (draft.action() == Action.RESOLVE) {
            return Outbox.PageState.NONE;
          }
          return draft.unlessHandled() ? Outbox.PageState.SCHEDULED : Outbox.PageState.OPEN;
        }
      }
    }
    return store.outbox().pageState(incidentId, target);
  }

  /** The work-queue handler that delivers a subject's next message. */
  public WorkWorker.Handler deliveryHandler() {
    return this::deliver;
  }

  WorkWorker.Outcome deliver(WorkClaim claim) {
    Outbox outbox = store.outbox();
    Instant now = clock.instant();
    List<Notification> open = outbox.open(claim.subject(), LOOKAHEAD);
    if (open.isEmpty()) {
      outbox.handBack(claim, now);
      return WorkWorker.Outcome.SETTLED;
    }
    Notification message = open.get(0);
    Optional<IncidentDetail> detail = store.incidents().detail(message.incidentId());
    if (detail.isEmpty()) {
      settle(claim, message, State.GAVE_UP, "the incident no longer exists", null, now);
      return WorkWorker.Outcome.SETTLED;
    }
    IncidentStatus status = detail.get().incident().status();
    if (message.unlessHandled() && status != IncidentStatus.OPEN) {
      settle(
          claim,
          message,
          State.CANCELLED,
          "the incident was " + status.wireName() + " before the page was due",
          null,
          now);
      return WorkWorker.Outcome.SETTLED;
    }
    Optional<Notification> later = supersededBy(message, open);
    if (later.isPresent()) {
      settle(
          claim,
          message,
          State.COALESCED,
          "superseded by notification " + later.get().id() + " before it went out",
          null,
          now);
      return WorkWorker.Outcome.SETTLED;
    }
    if (message.dueAt().isAfter(now)) {
      outbox.handBack(claim, message.dueAt());
      return WorkWorker.Outcome.SETTLED;
    }
    NotificationSender sender = senders.get(message.channel());
    if (sender == null || !sender.knows(message.target())) {
      settle(
          claim,
          message,
          State.GAVE_UP,
          message.channel().wireName() + " target " + message.target() + " is not configured",
          null,
          now);
      return WorkWorker.Outcome.SETTLED;
    }
    Pacer pacer = pacers.get(message.channel());
    Optional<Instant> paced = pacer.reserve(message.target(), claim.subject(), now);
    if (paced.isPresent()) {
      outbox.handBack(claim, paced.get());
      return WorkWorker.Outcome.SETTLED;
    }
    NotificationSender.Context context =
        new NotificationSender.Context(
            detail.get(),
            store.investigations().latestDiagnosis(message.incidentId()),
            publicUrl.map(url -> url + "/api/incidents/" + message.incidentId()),
            message.channel() == Channel.SLACK
                ? outbox.slackMessage(message.incidentId(), message.target())
                : Optional.empty(),
            message.channel() == Channel.SLACK
                ? store.remediations().of(message.incidentId()).stream()
                    .filter(action -> action.state().awaitsAnswer())
                    .toList()
                : List.of());
    Delivery delivery = sender.send(message, context);
    Instant after = clock.instant();
    if (delivery instanceof Sent sent) {
      pacer.sent(message.target());
      if (message.channel() == Channel.PAGERDUTY) {
        // Pages are few and matter at 3 a.m.; Slack's many thread replies stay at debug.
        LOG.info("incident {}: {} delivered", message.incidentId(), describe(message));
      } else {
        LOG.debug("incident {}: {} delivered", message.incidentId(), describe(message));
      }
      outbox.settle(
          claim,
          message.id(),
          new Settlement(State.SENT, null, sent.response(), sent.slackMessage(), Optional.empty()),
          after);
    } else if (delivery instanceof Refused refused) {
      LOG.warn(
          "incident {}: {} refused, not retried: {}",
          message.incidentId(),
          describe(message),
          refused.reason());
      outbox.settle(
          claim,
          message.id(),
          new Settlement(
              State.GAVE_UP,
              refused.reason(),
              null,
              refused.slackMessage(),
              Optional.of(gaveUp(message, refused.reason(), after))),
          after);
    } else {
      retry(claim, message, (Retry) delivery, pacer, after);
    }
    return WorkWorker.Outcome.SETTLED;
  }

  private void retry(WorkClaim claim, Notification message, Retry retry, Pacer pacer, Instant now) {
    if (retry.throttled()) {
      pacer.throttled(message.target(), now, retry.retryAfter());
    }
    int attempts = message.attempts() + 1;
    if (attempts >= retries.attempts()) {
      LOG.warn(
          "incident {}: {} gave up after {} attempts: {}",
          message.incidentId(),
          describe(message),
          attempts,
          retry.reason());
      outbox()
          .settle(
              claim,
              message.id(),
              new Settlement(
                  State.GAVE_UP,
                  retry.reason(),
                  null,
                  retry.slackMessage(),
                  Optional.of(
                      gaveUp(message, retry.reason() + " (" + attempts + " attempts)", now))),
              now);
      return;
    }
    Duration wait = retries.after(attempts);
    if (retry.retryAfter().isPresent() && retry.retryAfter().get().compareTo(wait) > 0) {
      wait = retry.retryAfter().get();
    }
    Instant retryAt = now.plus(wait);
    LOG.info(
        "incident {}: {} failed (attempt {} of {}), retrying at {}: {}",
        message.incidentId(),
        describe(message),
        attempts,
        retries.attempts(),
        retryAt,
        retry.reason());
    outbox()
        .settle(
            claim,
            message.id(),
            new Settlement(
                State.FAILED, retry.reason(), null, retry.slackMessage(), Optional.empty()),
            retryAt);
  }

  private Outbox outbox() {
    return store.outbox();
  }

  private void settle(
      WorkClaim claim,
      Notification message,
      State state,
      String why,
      String response,
      Instant now) {
    LOG.info(
        "incident {}: {} {}: {}", message.incidentId(), describe(message), state.wireName(), why);
    Optional<TimelineEntry> entry =
        state == State.GAVE_UP ? Optional.of(gaveUp(message, why, now)) : Optional.empty();
    store
        .outbox()
        .settle(
            claim,
            message.id(),
            new Settlement(state, why, response, Optional.empty(), entry),
            now);
  }

  /** "pagerduty trigger to default", as logs and the timeline name a message. */
  private static String describe(Notification message) {
    return message.channel().wireName()
        + " "
        + message.action().wireName()
        + " to "
        + message.target();
  }

  private static TimelineEntry gaveUp(Notification message, String why, Instant at) {
    return new TimelineEntry(
        at,
        TimelineKind.NOTIFICATION,
        describe(message)
            + " gave up: "
            + why
            + " (POST /api/incidents/"
            + message.incidentId()
            + "/notifications/"
            + message.id()
            + "/resend sends it again)",
        null);
  }

  /**
   * A later open message that makes this one redundant: a later redraw of the same Slack
   * message, or a PagerDuty trigger followed directly by another (the alert shows the last).
   * Coalescing happens only while messages wait (an outage, throttling), so nothing is dropped:
   * the message that goes out carries the latest state.
   */
  static Optional<Notification> supersededBy(Notification message, List<Notification> open) {
    if (message.action() == Action.UPDATE) {
      for (int i = open.size() - 1; i > 0; i--) {
        if (open.get(i).action() == Action.UPDATE) {
          return Optional.of(open.get(i));
        }
      }
    } else if (message.action() == Action.TRIGGER
        && open.size() > 1
        && open.get(1).action() == Action.TRIGGER
        && !open.get(1).unlessHandled()) {
      return Optional.of(open.get(1));
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    follower.close();
  }
}
