package dev.firebreak.analysis.correlate;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.IncidentChange;
import java.time.Instant;

/** What a person may do to an incident through the API. */
public final class ManualTransitions {

  private ManualTransitions() {}

  /** Someone is on it. Allowed while the incident is open. */
  public static IncidentChange acknowledge(Incident incident, Instant at, String by, String note) {
    if (incident.status() != IncidentStatus.OPEN) {
      throw new IllegalTransitionException(
          "incident "
              + incident.id()
              + " is "
              + incident.status().wireName()
              + "; only an open incident can be acknowledged");
    }
    return new IncidentChange(
        incident.withStatus(IncidentStatus.ACKNOWLEDGED, at),
        new TimelineEntry(at, TimelineKind.ACKNOWLEDGED, "acknowledged" + who(by, note), null));
  }

  /**
   * Resolved by hand. The incident reopens if one of its alerts later fires again as a new
   * occurrence.
   */
  public static IncidentChange resolve(Incident incident, Instant at, String by, String note) {
    if (incident.status() == IncidentStatus.RESOLVED) {
      throw new IllegalTransitionException("incident " + incident.id() + " is already resolved");
    }
    return new IncidentChange(
        incident.withStatus(IncidentStatus.RESOLVED, at),
        new TimelineEntry(at, TimelineKind.RESOLVED, "resolved by hand" + who(by, note), null));
  }

  private static String who(String by, String note) {
    StringBuilder text = new StringBuilder();
    if (by != null && !by.isBlank()) {
      text.append(" by ").append(by);
    }
    if (note != null && !note.isBlank()) {
      text.append(": ").append(note);
    }
    return text.toString();
  }
}
