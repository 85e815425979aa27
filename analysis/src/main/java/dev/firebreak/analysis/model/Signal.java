package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One statement from a monitoring system about one alert at one moment: the common shape every
 * webhook is translated into. Vendor payload types never get past the receiver that made this.
 *
 * @param source the system that sent it
 * @param dedupKey identity of this statement; a redelivery carries the same key and changes
 *     nothing (Alertmanager: fingerprint, startsAt and status; Datadog: the event id; PagerDuty:
 *     the event id)
 * @param groupKey the source's own grouping of alerts into one problem (Alertmanager groupKey,
 *     Datadog alert cycle, PagerDuty incident id)
 * @param alertKey identity of the alert whose state this reports (Alertmanager fingerprint,
 *     Datadog monitor and scope, PagerDuty incident id)
 * @param event the source's own name for what happened, such as {@code incident.acknowledged}
 * @param startsAt when the alert started; the time of the statement when the source has no
 *     start
 * @param endsAt when it ended, or null while firing
 * @param links named URLs back to the source (Alertmanager generatorURL, Datadog link, …)
 * @param truncatedAlerts how many alerts the sender dropped from the delivery this came in
 */
public record Signal(
    Source source,
    String dedupKey,
    String groupKey,
    String alertKey,
    SignalStatus status,
    String event,
    Severity severity,
    String summary,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> links,
    Instant startsAt,
    Instant endsAt,
    int truncatedAlerts) {

  public Signal {
    Objects.requireNonNull(source, "source");
    requireText(dedupKey, "dedupKey");
    requireText(groupKey, "groupKey");
    requireText(alertKey, "alertKey");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(severity, "severity");
    summary = summary == null ? "" : summary;
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    links = Map.copyOf(links);
    Objects.requireNonNull(startsAt, "startsAt");
    if (truncatedAlerts < 0) {
      throw new IllegalArgumentException("truncatedAlerts < 0");
    }
  }

  /** When the statement was true: the end for a resolution, the start otherwise. */
  public Instant occurredAt() {
    return status == SignalStatus.RESOLVED && endsAt != null ? endsAt : startsAt;
  }

  /** The value of the {@code service} label, or null. */
  public String service() {
    return labels.get("service");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
