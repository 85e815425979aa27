package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A problem that one or more signals describe.
 *
 * @param labels the identifying labels of its first signal (service, namespace, …), used to
 *     correlate signals from other sources
 * @param lastSignalAt when the latest signal joined it, for the cross-source time window
 */
public record Incident(
    long id,
    String title,
    IncidentStatus status,
    Severity severity,
    String service,
    Map<String, String> labels,
    Set<Source> sources,
    Instant openedAt,
    Instant updatedAt,
    Instant lastSignalAt,
    Instant acknowledgedAt,
    Instant resolvedAt,
    int signalCount) {

  public Incident {
    // Alerts without a service label give an incident without one; every reader treats that
    // as the empty name, so it is never null (a null stopped the notification consumer).
    service = service == null ? "" : service;
    labels = Map.copyOf(labels);
    sources = Set.copyOf(sources);
  }

  public Incident withSeverity(Severity newSeverity) {
    return new Incident(
        id,
        title,
        status,
        newSeverity,
        service,
        labels,
        sources,
        openedAt,
        updatedAt,
        lastSignalAt,
        acknowledgedAt,
        resolvedAt,
        signalCount);
  }

  /** Named after, and dated from, an alert that started before the one it was opened by. */
  public Incident withOpening(String newTitle, Instant newOpenedAt) {
    return new Incident(
        id,
        newTitle,
        status,
        severity,
        service,
        labels,
        sources,
        newOpenedAt,
        updatedAt,
        lastSignalAt,
        acknowledgedAt,
        resolvedAt,
        signalCount);
  }

  /** With the service and label values a sender changed ({@code null} removes a label). */
  public Incident withFields(String newService, Map<String, String> changedLabels) {
    Map<String, String> merged = new HashMap<>(labels);
    changedLabels.forEach(
        (name, value) -> {
          if (value == null) {
            merged.remove(name);
          } else {
            merged.put(name, value);
          }
        });
    return new Incident(
        id,
        title,
        status,
        severity,
        newService,
        merged,
        sources,
        openedAt,
        updatedAt,
        lastSignalAt,
        acknowledgedAt,
        resolvedAt,
        signalCount);
  }

  public Incident withStatus(IncidentStatus newStatus, Instant at) {
    Instant acknowledged = newStatus == IncidentStatus.ACKNOWLEDGED ? at : acknowledgedAt;
    Instant resolved = newStatus == IncidentStatus.RESOLVED ? at : null;
    if (newStatus == IncidentStatus.OPEN) {
      acknowledged = null;
    }
    return new Incident(
        id,
        title,
        newStatus,
        severity,
        service,
        labels,
        sources,
        openedAt,
        at,
        lastSignalAt,
        acknowledged,
        resolved,
        signalCount);
  }
}
