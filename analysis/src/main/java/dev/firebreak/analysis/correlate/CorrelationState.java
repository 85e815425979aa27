package dev.firebreak.analysis.correlate;

import dev.firebreak.analysis.model.AlertState;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The incidents as the correlator sees them inside one store transaction: everything it reads
 * and writes goes through here, so the rules in {@link Correlator} stay free of SQL.
 */
public interface CorrelationState {

  /** The newest incident that the source's own group has been linked to. */
  Optional<Incident> latestIncidentForGroup(Source source, String groupKey);

  /**
   * Unresolved incidents with a signal at or after {@code since} and with no group from
   * {@code source}: the candidates for cross-source correlation.
   */
  List<Incident> activeIncidentsWithoutSource(Source source, Instant since);

  /** Active incidents about {@code service} with a signal since {@code since}, newest first. */
  List<Incident> activeIncidentsOfService(String service, Instant since);

  Optional<AlertState> alert(long incidentId, Source source, String alertKey);

  boolean anyAlertFiring(long incidentId);

  /** Stores a new incident; the draft's id is ignored and the stored incident returned. */
  Incident createIncident(Incident draft);

  void saveIncident(Incident incident);

  void linkGroup(long incidentId, Source source, String groupKey);

  void saveAlert(long incidentId, AlertState alert);

  void appendTimeline(long incidentId, TimelineEntry entry);

  /**
   * Removes the incident's "opened" entry and returns it, when an alert that started earlier
   * takes over the opening.
   */
  Optional<TimelineEntry> takeOpening(long incidentId);

  void attachSignal(long signalId, long incidentId);

  /** Marks a signal correlated without an incident (a remark about nothing Firebreak knows). */
  void setAside(long signalId);

  /**
   * Asks for the incident to be investigated: at once when it was just opened, else again
   * when the investigation policy allows another run (a new firing signal joined it).
   */
  void requestInvestigation(long incidentId, Instant at, boolean opened);
}
