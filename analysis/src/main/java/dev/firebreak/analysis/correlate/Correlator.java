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
import java.util.Optional;
import java.util.Set;

/**
 * Turns signals into incidents. A signal joins, in order: the incident its source's own group is
 * linked to (reopening it if it fires again within the reopen window); an active incident from
 * other sources that is about the same labels within the time window; or a new incident. An
 * incident follows its alerts: it resolves when none is firing and reopens when one fires again.
 */
public final class Correlator implements SignalCorrelator {

  private final CorrelationSettings settings;
  private final LabelMatcher matcher;
  private final boolean investigate;

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
    AlertState previous = opened ? null
        : state.alert(id, signal.source(), signal.alertKey()).orElse(null);
    boolean stale = isStale(signal, previous);
    if (!stale) {
      // The alert's own state is whether it fires; an acknowledgement is the incident's.
      state.saveAlert(id, new AlertState(signal.source(), signal.alertKey(),
          signal.status().isFiring() ? SignalStatus.FIRING : SignalStatus.RESOLVED,
          signal.startsAt(), at));
    }
    if (!opened) {
      state.appendTimeline(id, new TimelineEntry(at, TimelineKind.SIGNAL,
          describe(signal) + (stale ? " (older than what is known; state unchanged)" : ""),
          stored.id()));
    }
    if (signal.truncatedAlerts() > 0) {
      state.appendTimeline(id, new TimelineEntry(at, TimelineKind.TRUNCATED,
          signal.source().wireName() + " left " + signal.truncatedAlerts()
              + " alerts out of this notification (max_alerts); their state is unknown here",
          stored.id()));
    }
    if (investigate && (opened || (!stale && signal.status().isFiring()))) {
      state.requestInvestigation(id, at, opened);
    }
    boolean firing = opened ? signal.status().isFiring() : state.anyAlertFiring(id);
    state.saveIncident(applyState(incident, signal, stale, firing, at, stored.id(), state));
  }

  /** The incident a signal joins, and whether through its source's own group. */
  private record Match(Incident incident, boolean throughOwnGroup) {}

  private Match findIncident(Signal signal, Instant at, CorrelationState state) {
    Optional<Incident> byGroup = state.latestIncidentForGroup(signal.source(), signal.groupKey());
    if (byGroup.isPresent()) {
      Incident incident = byGroup.get();
      if (incident.status().isActive() || signal.status() == SignalStatus.RESOLVED) {
        return new Match(incident, true);
      }
      Instant resolvedAt = incident.resolvedAt() == null ? incident.updatedAt()
          : incident.resolvedAt();
      boolean withinReopenWindow =
          Duration.between(resolvedAt, at).compareTo(settings.reopenWindow()) <= 0;
      boolean sameOccurrence = state.alert(incident.id(), signal.source(), signal.alertKey())
          .map(alert -> !signal.startsAt().isAfter(alert.startsAt()))
          .orElse(false);
      return withinReopenWindow || sameOccurrence ? new Match(incident, true) : null;
    }
    Instant since = at.minus(settings.window());
    return state.activeIncidentsWithoutSource(signal.source(), since).stream()
        .filter(candidate -> matcher.sameSubject(candidate.labels(), signal.labels()))
        .max(Comparator.comparing(Incident::lastSignalAt))
        .map(candidate -> new Match(candidate, false))
        .orElse(null);
  }

  private static Incident open(StoredSignal stored, CorrelationState state) {
    Signal signal = stored.signal();
    Incident draft = new Incident(0, title(signal), IncidentStatus.OPEN, signal.severity(),
        signal.service(), signal.labels(), EnumSet.of(signal.source()), signal.startsAt(),
        signal.startsAt(), signal.occurredAt(), null, null, 0);
    Incident created = state.createIncident(draft);
    state.linkGroup(created.id(), signal.source(), signal.groupKey());
    state.appendTimeline(created.id(), new TimelineEntry(signal.startsAt(), TimelineKind.OPENED,
        "opened by " + describe(signal), stored.id()));
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

  private static Incident applyState(Incident incident, Signal signal, boolean stale,
      boolean firing, Instant at, long signalId, CorrelationState state) {
    Set<Source> sources = EnumSet.copyOf(incident.sources());
    sources.add(signal.source());
    Instant lastSignal = at.isAfter(incident.lastSignalAt()) ? at : incident.lastSignalAt();
    Instant updated = at.isAfter(incident.updatedAt()) ? at : incident.updatedAt();
    Incident result = new Incident(incident.id(), incident.title(), incident.status(),
        incident.severity(), incident.service() != null ? incident.service() : signal.service(),
        incident.labels(), sources, incident.openedAt(), updated, lastSignal,
        incident.acknowledgedAt(), incident.resolvedAt(), incident.signalCount() + 1);
    if (stale) {
      return result;
    }
    if (signal.status().isFiring()
        && signal.severity().moreSevereThan(result.severity())) {
      state.appendTimeline(incident.id(), new TimelineEntry(at, TimelineKind.SEVERITY_RAISED,
          "severity raised from " + result.severity().wireName() + " to "
              + signal.severity().wireName(), signalId));
      result = result.withSeverity(signal.severity());
    }
    if (result.status() == IncidentStatus.RESOLVED && firing
        && signal.status().isFiring()) {
      state.appendTimeline(incident.id(), new TimelineEntry(at, TimelineKind.REOPENED,
          "reopened: " + describe(signal) + " fired again", signalId));
      result = result.withStatus(IncidentStatus.OPEN, at);
    }
    if (result.status() == IncidentStatus.OPEN
        && signal.status() == SignalStatus.ACKNOWLEDGED) {
      String by = signal.annotations().get(Signal.AGENT);
      state.appendTimeline(incident.id(), new TimelineEntry(at, TimelineKind.ACKNOWLEDGED,
          "acknowledged in " + signal.source().wireName()
              + (by == null || by.isBlank() ? "" : " by " + by), signalId));
      return result.withStatus(IncidentStatus.ACKNOWLEDGED, at);
    }
    if (result.status().isActive() && !firing) {
      state.appendTimeline(incident.id(), new TimelineEntry(at, TimelineKind.RESOLVED,
          "resolved: no signal is firing any more", signalId));
      return result.withStatus(IncidentStatus.RESOLVED, at);
    }
    return result;
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
    StringBuilder text = new StringBuilder()
        .append(signal.source().wireName()).append(' ').append(signal.event()).append(": ")
        .append(name);
    if (!signal.summary().isBlank() && !signal.summary().equals(name)) {
      text.append(" — ").append(signal.summary());
    }
    return text.toString();
  }
}
