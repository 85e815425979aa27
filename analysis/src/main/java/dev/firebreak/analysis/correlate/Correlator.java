package dev.firebreak.analysis.correlate;

import dev.firebreak.analysis.model.AlertState;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns signals into incidents. A signal joins, in order: the incident its source's own group is
 * linked to (reopening it if it fires again within the reopen window); an active incident from
 * other sources that is about the same labels within the time window; or a new incident. An
 * incident follows its alerts: it resolves when none is firing and reopens when one fires again.
 */
public final class Correlator implements SignalCorrelator {

  private static final String OPENED_BY = "opened by ";

  /** What a former opening says once an earlier alert took over: when its alert started. */
  private static final String STARTED = "started: ";

  private final CorrelationSettings settings;
  private final LabelMatcher matcher;
  private final boolean investigate;

  /** Same service, and no disagreement on where it runs. */
  private static final LabelMatcher SAME_PROBLEM =
      new LabelMatcher(java.util.List.of("service", "namespace", "cluster"));

  /** A correlator that asks for no investigations (no evidence source is configured). */
  public Correlator(CorrelationSettings settings) {
    this(settings, false);
  }

  /**
   * @param investigate whether to ask for an investigation when an incident opens or a firing
   *     signal joins it
   */
  public Correlator(CorrelationSettings settings, boolean investigate) {
    this.settings = settings;
    this.matcher = new LabelMatcher(settings.labelKeys());
    this.investigate = investigate;
  }

  @Override
  public void correlate(StoredSignal stored, CorrelationState state) {
    Signal signal = stored.signal();
    if (!signal.status().isStatement()) {
      remark(stored, state);
      return;
    }
    Instant at = signal.occurredAt();
    Match match = findIncident(signal, at, state);
    boolean opened = match == null;
    Incident incident;
    if (opened) {
      incident = open(stored, state);
    } else {
      incident = match.incident();
      if (!match.throughOwnGroup()) {
        state.linkGroup(incident.id(), signal.source(), signal.groupKey());
      }
    }
    long id = incident.id();
    state.attachSignal(stored.id(), id);

    // A new incident has no alerts yet; its "opened" entry already describes this signal.
    AlertState previous =
        opened ? null : state.alert(id, signal.source(), signal.alertKey()).orElse(null);
    boolean stale = isStale(signal, previous);
    if (!stale) {
      // The alert's own state is whether it fires; an acknowledgement is the incident's.
      state.saveAlert(
          id,
          new AlertState(
              signal.source(),
              signal.alertKey(),
              signal.status().isFiring() ? SignalStatus.FIRING : SignalStatus.RESOLVED,
              signal.startsAt(),
              at));
    }
    boolean earlierStart = !opened && !stale && signal.startsAt().isBefore(incident.openedAt());
    if (earlierStart) {
      incident = takeOverOpening(stored, incident, state);
    }
    if (!opened && !(earlierStart && signal.status().isFiring())) {
      state.appendTimeline(
          id,
          new TimelineEntry(
              at,
              TimelineKind.SIGNAL,
              describe(signal)
                  + (stale ? " (older than what is known; state unchanged)" : "")
                  + (match != null && match.why() != null ? " — " + match.why() : ""),
              stored.id()));
    }
    if (signal.truncatedAlerts() > 0) {
      state.appendTimeline(
          id,
          new TimelineEntry(
              at,
              TimelineKind.TRUNCATED,
              signal.source().wireName()
                  + " left "
                  + signal.truncatedAlerts()
                  + " alerts out of this notification (max_alerts); their state is unknown here",
              stored.id()));
    }
    if (investigate && (opened || (!stale && signal.status().isFiring()))) {
      state.requestInvestigation(id, at, opened);
    }
    boolean firing = opened ? signal.status().isFiring() : state.anyAlertFiring(id);
    state.saveIncident(applyState(incident, signal, stale, firing, at, stored.id(), state));
  }

  /**
   * A note or status update joins the incident of its group, if there is one, as a timeline
   * entry; it changes no alert and no state.
   */
  private static void remark(StoredSignal stored, CorrelationState state) {
    Signal signal = stored.signal();
    Optional<Incident> incident = state.latestIncidentForGroup(signal.source(), signal.groupKey());
    if (incident.isEmpty()) {
      state.setAside(stored.id());
      return;
    }
    Incident current = incident.get();
    Instant at = signal.occurredAt();
    state.attachSignal(stored.id(), current.id());
    state.appendTimeline(
        current.id(), new TimelineEntry(at, TimelineKind.NOTE, describe(signal), stored.id()));
    state.saveIncident(touched(current, signal, at));
  }

  /**
   * An alert that started before the incident was opened becomes its opening: the incident is
   * named after it and dated from its start, and the former opening stays as a signal entry.
   */
  private static Incident takeOverOpening(
      StoredSignal stored, Incident incident, CorrelationState state) {
    Signal signal = stored.signal();
    state
        .takeOpening(incident.id())
        .ifPresent(
            former ->
                state.appendTimeline(
                    incident.id(),
                    new TimelineEntry(
                        former.at(),
                        TimelineKind.SIGNAL,
                        STARTED
                            + (former.message().startsWith(OPENED_BY)
                                ? former.message().substring(OPENED_BY.length())
                                : former.message()),
                        former.signalId())));
    state.appendTimeline(
        incident.id(),
        new TimelineEntry(
            signal.startsAt(), TimelineKind.OPENED, OPENED_BY + describe(signal), stored.id()));
    return incident.withOpening(title(signal), signal.startsAt());
  }

  /**
   * The incident a signal joins, whether through its source's own group, and otherwise why it
   * joins (for the timeline).
   */
  private record Match(Incident incident, boolean throughOwnGroup, String why) {
    Match(Incident incident, boolean throughOwnGroup) {
      this(incident, throughOwnGroup, null);
    }
  }

  private Match findIncident(Signal signal, Instant at, CorrelationState state) {
    Optional<Incident> byGroup = state.latestIncidentForGroup(signal.source(), signal.groupKey());
    if (byGroup.isPresent()) {
      Incident incident = byGroup.get();
      if (incident.status().isActive() || signal.status() == SignalStatus.RESOLVED) {
        return new Match(incident, true);
      }
      Instant resolvedAt =
          incident.resolvedAt() == null ? incident.updatedAt() : incident.resolvedAt();
      boolean withinReopenWindow =
          Duration.between(resolvedAt, at).compareTo(settings.reopenWindow()) <= 0;
      boolean sameOccurrence =
          state
              .alert(incident.id(), signal.source(), signal.alertKey())
              .map(alert -> !signal.startsAt().isAfter(alert.startsAt()))
              .orElse(false);
      return withinReopenWindow || sameOccurrence ? new Match(incident, true) : null;
    }
    Instant since = at.minus(settings.window());
    Optional<Match> otherSource =
        state.activeIncidentsWithoutSource(signal.source(), since).stream()
            .filter(candidate -> matcher.sameSubject(candidate.labels(), signal.labels()))
            .max(Comparator.comparing(Incident::lastSignalAt))
            .map(
                candidate ->
                    new Match(
                        candidate,
                        false,
                        "joined from "
                            + signal.source().wireName()
                            + ": "
                            + matcher.shared(candidate.labels(), signal.labels())));
    if (otherSource.isPresent()) {
      return otherSource.get();
    }
    return sameProblem(signal, since, state);
  }

  /**
   * Another group of the same source about the same service — a 5xx ratio and a p99 latency
   * alert of one failing service — is the same problem: it joins the active incident that
   * names the service and agrees on namespace and cluster, unless either is kept apart.
   */
  private Match sameProblem(Signal signal, Instant since, CorrelationState state) {
    String service = signal.service();
    if (!settings.sameService()
        || service == null
        || service.isBlank()
        || settings.keptApart(signal.labels())) {
      return null;
    }
    Map<String, String> subject = subject(signal.labels(), service);
    return state.activeIncidentsOfService(service, since).stream()
        .filter(candidate -> !settings.keptApart(candidate.labels()))
        .filter(
            candidate -> SAME_PROBLEM.sameSubject(subject(candidate.labels(), service), subject))
        .max(Comparator.comparing(Incident::lastSignalAt))
        .map(
            candidate ->
                new Match(
                    candidate,
                    false,
                    "joined: another "
                        + signal.source().wireName()
                        + " alert group about the same "
                        + SAME_PROBLEM.shared(subject(candidate.labels(), service), subject)))
        .orElse(null);
  }

  /** The labels that say which problem this is, with the service as the incident names it. */
  private static Map<String, String> subject(Map<String, String> labels, String service) {
    Map<String, String> subject = new HashMap<>(labels);
    subject.put("service", service);
    return subject;
  }

  private static Incident open(StoredSignal stored, CorrelationState state) {
    Signal signal = stored.signal();
    Incident draft =
        new Incident(
            0,
            title(signal),
            IncidentStatus.OPEN,
            signal.severity(),
            signal.service(),
            signal.labels(),
            EnumSet.of(signal.source()),
            signal.startsAt(),
            signal.startsAt(),
            signal.occurredAt(),
            null,
            null,
            0);
    Incident created = state.createIncident(draft);
    state.linkGroup(created.id(), signal.source(), signal.groupKey());
    state.appendTimeline(
        created.id(),
        new TimelineEntry(
            signal.startsAt(), TimelineKind.OPENED, OPENED_BY + describe(signal), stored.id()));
    return created;
  }

  /**
   * A signal is stale when it reports an older occurrence than the one already known, or a
   * firing that was already seen resolved (a delivery overtaken by its own resolution).
   */
  private static boolean isStale(Signal signal, AlertState previous) {
    if (previous == null) {
      return false;
    }
    if (signal.startsAt().isBefore(previous.startsAt())) {
      return true;
    }
    return signal.startsAt().equals(previous.startsAt())
        && previous.status() == SignalStatus.RESOLVED
        && signal.status().isFiring();
  }

  /** The incident after a signal: its counters, the fields its sender changed, its state. */
  private static Incident applyState(
      Incident incident,
      Signal signal,
      boolean stale,
      boolean firing,
      Instant at,
      long signalId,
      CorrelationState state) {
    Set<Source> sources = EnumSet.copyOf(incident.sources());
    sources.add(signal.source());
    Incident result = touched(incident, signal, at);
    result =
        new Incident(
            result.id(),
            result.title(),
            result.status(),
            result.severity(),
            result.service() != null ? result.service() : signal.service(),
            result.labels(),
            sources,
            result.openedAt(),
            result.updatedAt(),
            result.lastSignalAt(),
            result.acknowledgedAt(),
            result.resolvedAt(),
            result.signalCount());
    if (stale) {
      return result;
    }
    // A change is dated no earlier than the last one: a late delivery of an old statement
    // must not put a reopening before the resolution it undoes.
    Instant changeAt = at.isAfter(incident.updatedAt()) ? at : incident.updatedAt();
    String by = by(signal);
    Set<String> changed = changedFields(signal);
    if (changed.contains("service") || changed.contains("priority")) {
      Map<String, String> labels = new HashMap<>();
      if (changed.contains("priority")) {
        labels.put("priority", signal.labels().get("priority"));
      }
      String service =
          changed.contains("service") && signal.service() != null
              ? signal.service()
              : result.service();
      if (changed.contains("service")) {
        labels.put("service", signal.service());
      }
      result = result.withFields(service, labels);
    }
    boolean setsSeverity = changed.contains("priority") && signal.status().isFiring();
    if (signal.status().isFiring() && signal.severity().moreSevereThan(result.severity())) {
      state.appendTimeline(
          incident.id(),
          new TimelineEntry(
              changeAt,
              TimelineKind.SEVERITY_RAISED,
              "severity raised from "
                  + result.severity().wireName()
                  + " to "
                  + signal.severity().wireName()
                  + by,
              signalId));
      result = result.withSeverity(signal.severity());
    } else if (setsSeverity && result.severity().moreSevereThan(signal.severity())) {
      state.appendTimeline(
          incident.id(),
          new TimelineEntry(
              changeAt,
              TimelineKind.SEVERITY_LOWERED,
              "severity lowered from "
                  + result.severity().wireName()
                  + " to "
                  + signal.severity().wireName()
                  + by,
              signalId));
      result = result.withSeverity(signal.severity());
    }
    if (result.status() == IncidentStatus.RESOLVED && firing && signal.status().isFiring()) {
      state.appendTimeline(
          incident.id(),
          new TimelineEntry(
              changeAt, TimelineKind.REOPENED, "reopened: " + describe(signal), signalId));
      result = result.withStatus(IncidentStatus.OPEN, changeAt);
    }
    if (result.status() == IncidentStatus.OPEN && signal.status() == SignalStatus.ACKNOWLEDGED) {
      state.appendTimeline(
          incident.id(),
          new TimelineEntry(
              changeAt,
              TimelineKind.ACKNOWLEDGED,
              "acknowledged in " + signal.source().wireName() + by,
              signalId));
      return result.withStatus(IncidentStatus.ACKNOWLEDGED, changeAt);
    }
    if (result.status() == IncidentStatus.ACKNOWLEDGED
        && signal.status() == SignalStatus.UNACKNOWLEDGED) {
      state.appendTimeline(
          incident.id(),
          new TimelineEntry(
              changeAt,
              TimelineKind.UNACKNOWLEDGED,
              "unacknowledged in " + signal.source().wireName() + by,
              signalId));
      return result.withStatus(IncidentStatus.OPEN, changeAt);
    }
    if (result.status().isActive() && !firing) {
      state.appendTimeline(
          incident.id(),
          new TimelineEntry(
              changeAt,
              TimelineKind.RESOLVED,
              "resolved: no signal is firing any more" + by,
              signalId));
      return result.withStatus(IncidentStatus.RESOLVED, changeAt);
    }
    return result;
  }

  /** One more signal: counted, and the latest times moved on. */
  private static Incident touched(Incident incident, Signal signal, Instant at) {
    Instant lastSignal = at.isAfter(incident.lastSignalAt()) ? at : incident.lastSignalAt();
    Instant updated = at.isAfter(incident.updatedAt()) ? at : incident.updatedAt();
    return new Incident(
        incident.id(),
        incident.title(),
        incident.status(),
        incident.severity(),
        incident.service(),
        incident.labels(),
        incident.sources(),
        incident.openedAt(),
        updated,
        lastSignal,
        incident.acknowledgedAt(),
        incident.resolvedAt(),
        incident.signalCount() + 1);
  }

  private static Set<String> changedFields(Signal signal) {
    String fields = signal.annotations().get(Signal.CHANGED_FIELDS);
    return fields == null || fields.isBlank()
        ? Set.of()
        : Set.of(fields.replace(" ", "").split(","));
  }

  /** " by <agent>" when the sender said who did it, else nothing. */
  private static String by(Signal signal) {
    String agent = signal.annotations().get(Signal.AGENT);
    return agent == null || agent.isBlank() ? "" : " by " + agent;
  }

  private static String title(Signal signal) {
    if (!signal.summary().isBlank()) {
      return signal.summary();
    }
    String alertname = signal.labels().get("alertname");
    return alertname != null ? alertname : signal.groupKey();
  }

  private static String describe(Signal signal) {
    String name = signal.labels().getOrDefault("alertname", signal.alertKey());
    StringBuilder text =
        new StringBuilder()
            .append(signal.source().wireName())
            .append(' ')
            .append(signal.event())
            .append(": ")
            .append(name);
    if (!signal.summary().isBlank() && !signal.summary().equals(name)) {
      text.append(" — ").append(signal.summary());
    }
    String change = signal.annotations().get(Signal.CHANGE);
    if (change != null && !change.isBlank()) {
      text.append("; ").append(change);
    }
    return text.append(by(signal)).toString();
  }
}
