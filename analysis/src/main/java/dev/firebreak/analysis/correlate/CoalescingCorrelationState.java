package dev.firebreak.analysis.correlate;

import dev.firebreak.analysis.model.AlertState;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimelineEntry;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A batch's view of the incidents that keeps each incident in memory once read and writes it
 * back once, at {@link #flush()}, however many of the batch's signals changed it. In a storm
 * most signals of a batch join the same few incidents; writing the incident row after every one
 * of them cost a statement each and, on PostgreSQL, a dead row version each. Everything else is
 * written through at once, so the delegate's reads of alerts stay current. Lives for one
 * transaction; {@link #flush()} must run before it commits.
 */
public final class CoalescingCorrelationState implements CorrelationState {

  private record GroupKey(Source source, String groupKey) {}

  private final CorrelationState delegate;
  private final Map<Long, Incident> incidents = new HashMap<>();
  private final Set<Long> dirty = new LinkedHashSet<>();
  private final Map<GroupKey, Long> latestByGroup = new HashMap<>();

  public CoalescingCorrelationState(CorrelationState delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<Incident> latestIncidentForGroup(Source source, String groupKey) {
    GroupKey key = new GroupKey(source, groupKey);
    Long known = latestByGroup.get(key);
    if (known != null) {
      return Optional.of(incidents.get(known));
    }
    Optional<Incident> stored = delegate.latestIncidentForGroup(source, groupKey);
    stored.ifPresent(incident -> latestByGroup.put(key, remember(incident).id()));
    return stored.map(incident -> incidents.get(incident.id()));
  }

  /** Written back first, so the query sees this batch's changes. */
  @Override
  public List<Incident> activeIncidentsWithoutSource(Source source, Instant since) {
    flush();
    return delegate.activeIncidentsWithoutSource(source, since).stream()
        .map(this::remember)
        .toList();
  }

  /** Written back first, so the query sees this batch's changes. */
  @Override
  public List<Incident> activeIncidentsOfService(String service, Instant since) {
    flush();
    return delegate.activeIncidentsOfService(service, since).stream().map(this::remember).toList();
  }

  @Override
  public Optional<AlertState> alert(long incidentId, Source source, String alertKey) {
    return delegate.alert(incidentId, source, alertKey);
  }

  @Override
  public boolean anyAlertFiring(long incidentId) {
    return delegate.anyAlertFiring(incidentId);
  }

  @Override
  public Incident createIncident(Incident draft) {
    return remember(delegate.createIncident(draft));
  }

  @Override
  public void saveIncident(Incident incident) {
    incidents.put(incident.id(), incident);
    dirty.add(incident.id());
  }

  @Override
  public void linkGroup(long incidentId, Source source, String groupKey) {
    delegate.linkGroup(incidentId, source, groupKey);
    // Only a group already looked up is known here; any other is read from the store later.
    latestByGroup.computeIfPresent(
        new GroupKey(source, groupKey), (key, latest) -> Math.max(latest, incidentId));
  }

  @Override
  public void saveAlert(long incidentId, AlertState alert) {
    delegate.saveAlert(incidentId, alert);
  }

  @Override
  public void appendTimeline(long incidentId, TimelineEntry entry) {
    delegate.appendTimeline(incidentId, entry);
  }

  @Override
  public Optional<TimelineEntry> takeOpening(long incidentId) {
    return delegate.takeOpening(incidentId);
  }

  @Override
  public void attachSignal(long signalId, long incidentId) {
    delegate.attachSignal(signalId, incidentId);
  }

  @Override
  public void setAside(long signalId) {
    delegate.setAside(signalId);
  }

  @Override
  public void requestInvestigation(long incidentId, Instant at, boolean opened) {
    delegate.requestInvestigation(incidentId, at, opened);
  }

  /** Writes every incident changed since the last flush. */
  public void flush() {
    for (long id : dirty) {
      delegate.saveIncident(incidents.get(id));
    }
    dirty.clear();
  }

  /** The version in memory wins over the stored one: it may hold changes not yet written. */
  private Incident remember(Incident stored) {
    return incidents.computeIfAbsent(stored.id(), id -> stored);
  }
}
