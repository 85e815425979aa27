package dev.firebreak.analysis.notify;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Notification.Action;
import dev.firebreak.analysis.model.Notification.Channel;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.Outbox.Decision;
import dev.firebreak.analysis.port.Outbox.Draft;
import dev.firebreak.analysis.port.Outbox.PageState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Decides, for one incident event, who hears of it: which pages and Slack messages go out and
 * when, and the timeline entries that say why. A pure function of the event, the incident as it
 * is now, its diagnosis and where it stands with PagerDuty, so that the same event decided twice
 * (a consumer replaying after a crash) asks for the same messages.
 */
public final class Escalator {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final EscalationPolicy policy;
  private final boolean slackUpdates;
  private final Predicate<RootCause> hasPlaybook;

  /**
   * @param slackUpdates whether Slack messages can be updated and threaded (a bot token), or
   *     each step is a message of its own (an incoming webhook)
   * @param hasPlaybook whether remediation has a playbook for a cause; a diagnosis whose top
   *     cause has none calls a person at once, since nothing automatic will fix it
   */
  public Escalator(
      EscalationPolicy policy, boolean slackUpdates, Predicate<RootCause> hasPlaybook) {
    this.policy = policy;
    this.slackUpdates = slackUpdates;
    this.hasPlaybook = hasPlaybook;
  }

  public EscalationPolicy policy() {
    return policy;
  }

  /**
   * @param pageState where the incident stands with PagerDuty on a routing-key name
   * @param diagnosis the incident's latest diagnosis, for diagnosed events
   */
  public Decision decide(
      IncidentEvent event,
      Incident incident,
      Optional<Diagnosis> diagnosis,
      BiFunction<Long, String, PageState> pageState,
      Instant now) {
    Builder out = new Builder(event, incident, now);
    EscalationPolicy.Rule rule = policy.rule(incident.service(), incident.severity());
    Optional<String> routingKey =
        loopsBackToPagerDuty(incident) ? Optional.empty() : policy.routingKey(incident.service());
    PageState paged =
        routingKey.map(key -> pageState.apply(incident.id(), key)).orElse(PageState.NONE);
    switch (event.kind()) {
      case OPENED -> {
        out.slack(rule, Action.POST, "opened: " + incident.title());
        page(out, rule, routingKey, paged, incident.openedAt(), why(incident, rule));
      }
      case REOPENED -> {
        out.slackStep(rule, event.detail());
        page(out, rule, routingKey, paged, event.at(), "reopened; " + why(incident, rule));
      }
      case SEVERITY_RAISED -> {
        out.slackStep(rule, event.detail());
        page(out, rule, routingKey, paged, event.at(), why(incident, rule));
      }
      case ACKNOWLEDGED, RESOLVED -> {
        out.cancelScheduled = paged == PageState.SCHEDULED;
        if (paged == PageState.OPEN) {
          Action action =
              event.kind() == dev.firebreak.analysis.model.IncidentEventKind.RESOLVED
                  ? Action.RESOLVE
                  : Action.ACKNOWLEDGE;
          out.draft(Channel.PAGERDUTY, routingKey.get(), action, event.detail(), now, false);
        } else if (paged == PageState.SCHEDULED) {
          out.timeline(
              "scheduled PagerDuty page cancelled: "
                  + event.kind().wireName()
                  + " before it was due");
        }
        out.slackStep(rule, event.detail());
      }
      case DIAGNOSED -> diagnosed(out, rule, routingKey, paged, diagnosis, incident);
      case UNACKNOWLEDGED -> {
        out.slackStep(rule, event.detail());
        page(out, rule, routingKey, paged, event.at(), "unacknowledged; " + why(incident, rule));
      }
      case SEVERITY_LOWERED, NOTE, FEEDBACK, POSTMORTEM, ESCALATED ->
          out.slackReplyOnly(rule, event.detail());
      case SIGNAL, OPENING_REVISED -> out.slackRedraw(rule);
      case ACTION -> out.slackStep(rule, event.detail());
      case MITIGATED -> out.slackStep(rule, event.detail());
      case HANDED_OVER -> {
        out.slackStep(rule, event.detail());
        handedOver(out, rule, routingKey, paged, event.detail());
      }
      case TRUNCATED, SIMILAR, INVESTIGATED, NOTIFICATION -> {}
    }
    return out.build();
  }

  private void diagnosed(
      Builder out,
      EscalationPolicy.Rule rule,
      Optional<String> routingKey,
      PageState paged,
      Optional<Diagnosis> diagnosis,
      Incident incident) {
    Optional<Hypothesis> top = diagnosis.flatMap(found -> found.hypotheses().stream().findFirst());
    String said =
        top.map(
                hypothesis ->
                    "diagnosed: "
                        + hypothesis.cause().description()
                        + " ("
                        + percent(hypothesis.confidence())
                        + ")")
            .orElse("diagnosed: no cause found");
    out.slackStep(rule, said);
    if (paged == PageState.OPEN) {
      // A trigger on an open dedup_key updates the alert PagerDuty already shows.
      out.draft(Channel.PAGERDUTY, routingKey.get(), Action.TRIGGER, said, out.now, false);
      return;
    }
    if (paged != PageState.SCHEDULED) {
      return;
    }
    String reason = null;
    if (top.isEmpty() || top.get().cause() == RootCause.UNKNOWN) {
      reason = "the diagnosis found no cause";
    } else if (top.get().confidence() < policy.callBelowConfidence()) {
      reason =
          "diagnosis confidence "
              + percent(top.get().confidence())
              + " is below "
              + percent(policy.callBelowConfidence());
    } else if (!hasPlaybook.test(top.get().cause())) {
      reason = "no playbook for " + top.get().cause().description();
    }
    if (reason != null) {
      out.draft(
          Channel.PAGERDUTY,
          routingKey.get(),
          Action.TRIGGER,
          "paged now: " + reason,
          out.now,
          false);
      out.timeline(
          "paging PagerDuty ("
              + routingKey.get()
              + ") now instead of waiting: "
              + incident.severity().wireName()
              + ", "
              + reason);
    }
  }

  /**
   * Remediation needs people (an action failed, was rolled back, waits for approval, or
   * expired): a page that waits goes out now, an open one shows what was done, and a severity
   * that pages at all pages now.
   */
  private void handedOver(
      Builder out,
      EscalationPolicy.Rule rule,
      Optional<String> routingKey,
      PageState paged,
      String said) {
    if (routingKey.isEmpty() || !rule.pages() || out.incident.status() == IncidentStatus.RESOLVED) {
      return;
    }
    if (paged == PageState.OPEN) {
      out.draft(Channel.PAGERDUTY, routingKey.get(), Action.TRIGGER, said, out.now, false);
      return;
    }
    out.draft(
        Channel.PAGERDUTY, routingKey.get(), Action.TRIGGER, "paged now: " + said, out.now, false);
    out.timeline(
        "paging PagerDuty (" + routingKey.get() + ") now: remediation hands over: " + said);
  }

  private void page(
      Builder out,
      EscalationPolicy.Rule rule,
      Optional<String> routingKey,
      PageState paged,
      Instant from,
      String why) {
    if (!rule.pages() || paged == PageState.OPEN) {
      return;
    }
    if (paged == PageState.SCHEDULED && !rule.pageAfter().get().isZero()) {
      // A page is already waiting; a severity that also waits does not move it.
      return;
    }
    if (loopsBackToPagerDuty(out.incident)) {
      // It is in PagerDuty already; paging it there again would loop.
      return;
    }
    Duration after = rule.pageAfter().get();
    if (!after.isZero() && out.incident.status() != IncidentStatus.OPEN) {
      out.timeline(
          "not paged: "
              + out.incident.status().wireName()
              + " within its "
              + Durations.words(after)
              + " before a page; "
              + why);
      return;
    }
    if (routingKey.isEmpty()) {
      out.timeline("would page, but no PagerDuty routing key is configured: " + why);
      return;
    }
    Instant due = from.plus(after);
    if (after.isZero() || !due.isAfter(out.now)) {
      out.draft(
          Channel.PAGERDUTY, routingKey.get(), Action.TRIGGER, "paged: " + why, out.now, false);
      out.timeline("paging PagerDuty (" + routingKey.get() + "): " + why);
    } else {
      out.draft(Channel.PAGERDUTY, routingKey.get(), Action.TRIGGER, "paged: " + why, due, true);
      out.timeline(
          "PagerDuty ("
              + routingKey.get()
              + ") will be paged at "
              + CLOCK.format(due)
              + " unless the incident is acknowledged or resolved first: "
              + why);
    }
  }

  /** An incident PagerDuty told us about is already in PagerDuty: paging it would loop. */
  private static boolean loopsBackToPagerDuty(Incident incident) {
    return incident.sources().contains(Source.PAGERDUTY);
  }

  private static String why(Incident incident, EscalationPolicy.Rule rule) {
    return incident.severity().wireName() + " " + rule.describe();
  }

  static String percent(double confidence) {
    return Math.round(confidence * 100) + " %";
  }

  /** Collects one decision's messages and timeline entries. */
  private final class Builder {
    private final IncidentEvent event;
    private final Incident incident;
    private final Instant now;
    private final List<Draft> drafts = new ArrayList<>();
    private final List<TimelineEntry> timeline = new ArrayList<>();
    private boolean cancelScheduled;

    Builder(IncidentEvent event, Incident incident, Instant now) {
      this.event = event;
      this.incident = incident;
      this.now = now;
    }

    void draft(
        Channel channel,
        String target,
        Action action,
        String text,
        Instant due,
        boolean unlessHandled) {
      drafts.add(new Draft(channel, target, action, text, due, unlessHandled));
    }

    void timeline(String text) {
      timeline.add(new TimelineEntry(now, TimelineKind.ESCALATED, text, null));
    }

    /** The incident's message (webhooks post it; a bot posts it once and redraws it). */
    void slack(EscalationPolicy.Rule rule, Action action, String text) {
      Optional<String> channel = policy.slackChannel(incident.service());
      if (rule.slack() && channel.isPresent()) {
        draft(Channel.SLACK, channel.get(), slackUpdates ? action : Action.POST, text, now, false);
      }
    }

    /** A step: the message redrawn and the step in its thread, or one message per step. */
    void slackStep(EscalationPolicy.Rule rule, String text) {
      Optional<String> channel = policy.slackChannel(incident.service());
      if (!rule.slack() || channel.isEmpty()) {
        return;
      }
      if (slackUpdates) {
        draft(Channel.SLACK, channel.get(), Action.UPDATE, text, now, false);
        draft(Channel.SLACK, channel.get(), Action.REPLY, text, now, false);
      } else {
        draft(Channel.SLACK, channel.get(), Action.POST, text, now, false);
      }
    }

    void slackReplyOnly(EscalationPolicy.Rule rule, String text) {
      Optional<String> channel = policy.slackChannel(incident.service());
      if (rule.slack() && channel.isPresent() && slackUpdates) {
        draft(Channel.SLACK, channel.get(), Action.REPLY, text, now, false);
      }
    }

    void slackRedraw(EscalationPolicy.Rule rule) {
      Optional<String> channel = policy.slackChannel(incident.service());
      if (rule.slack() && channel.isPresent() && slackUpdates) {
        draft(Channel.SLACK, channel.get(), Action.UPDATE, event.detail(), now, false);
      }
    }

    Decision build() {
      return new Decision(incident.id(), event.id(), drafts, timeline, cancelScheduled);
    }
  }
}
