package dev.firebreak.gateway.webhook;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.gateway.config.SeverityMapping;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Datadog's Webhooks integration with the payload template from the README. Datadog's default
 * template has no alert state, so a body without {@code transition} is refused with a message
 * pointing at the template. Every value arrives as a string; a variable Datadog left unset may
 * arrive empty or as the literal {@code $NAME}, and both read as absent.
 */
final class DatadogReceiver implements WebhookReceiver {

  private static final Map<String, SignalStatus> TRANSITIONS =
      Map.of(
          "triggered", SignalStatus.FIRING,
          "re-triggered", SignalStatus.FIRING,
          "warn", SignalStatus.FIRING,
          "re-warn", SignalStatus.FIRING,
          "no data", SignalStatus.FIRING,
          "re-no data", SignalStatus.FIRING,
          "renotify", SignalStatus.FIRING,
          "recovered", SignalStatus.RESOLVED);

  private final SeverityMapping severity;

  DatadogReceiver(SeverityMapping severity) {
    this.severity = severity;
  }

  @Override
  public Source source() {
    return Source.DATADOG;
  }

  @Override
  public Translation translate(JsonFields body, Instant receivedAt) {
    String eventId = value(body, "event_id");
    if (eventId == null) {
      throw new InvalidPayloadException(
          body.at("event_id")
              + ": missing; set it to \"$ID\" in"
              + " the Firebreak payload template (see the README)");
    }
    String transition = value(body, "transition");
    if (transition == null) {
      throw new InvalidPayloadException(
          body.at("transition")
              + ": missing; Datadog's default"
              + " payload has no alert state, install the Firebreak payload template (README)");
    }
    SignalStatus status = TRANSITIONS.get(transition.toLowerCase(Locale.ROOT));
    if (status == null) {
      throw new InvalidPayloadException(
          body.at("transition")
              + ": unknown transition "
              + JsonFields.quote(transition)
              + "; expected one of Triggered, Re-Triggered, Warn,"
              + " Re-Warn, No Data, Re-No Data, Renotify, Recovered");
    }
    String monitorId = value(body, "monitor_id");
    String cycleKey = value(body, "cycle_key");
    String scope = value(body, "scope");
    if (monitorId == null && cycleKey == null) {
      throw new InvalidPayloadException(
          "$: needs cycle_key ($ALERT_CYCLE_KEY) or monitor_id"
              + " ($ALERT_ID) to know which alert this is");
    }
    String alertKey = monitorId != null ? monitorId + "|" + (scope == null ? "" : scope) : cycleKey;
    String groupKey = cycleKey != null ? cycleKey : alertKey;

    Instant at = receivedAt;
    String date = value(body, "date_ms");
    if (date != null) {
      try {
        at =
            JsonFields.requireStorable(
                body.at("date_ms"), Instant.ofEpochMilli(Long.parseLong(date)));
      } catch (NumberFormatException e) {
        throw new InvalidPayloadException(
            body.at("date_ms")
                + ": expected epoch milliseconds"
                + " ($DATE), got "
                + JsonFields.quote(date));
      }
    }

    Map<String, String> labels = new LinkedHashMap<>();
    addTags(labels, value(body, "tags"));
    addTags(labels, scope);
    putIfPresent(labels, "host", value(body, "hostname"));
    putIfPresent(labels, "service", value(body, "service"));
    putIfPresent(labels, "datadog_monitor_id", monitorId);
    putIfPresent(labels, "alertname", value(body, "title"));

    Map<String, String> annotations = new LinkedHashMap<>();
    putIfPresent(annotations, "status", value(body, "status_text"));
    putIfPresent(annotations, "query", value(body, "query"));
    putIfPresent(annotations, "message", value(body, "message"));
    putIfPresent(annotations, "aggregation_key", value(body, "aggreg_key"));
    Map<String, String> links = new LinkedHashMap<>();
    putIfPresent(links, "datadog", value(body, "link"));

    String alertType = value(body, "alert_type");
    var mapped =
        severity.map(
            value(body, "priority"),
            transition.toLowerCase(Locale.ROOT).contains("warn") ? "warning" : alertType);
    String summary =
        JsonFields.firstNonBlank(value(body, "title"), value(body, "status_text"), alertKey);
    Signal signal =
        new Signal(
            Source.DATADOG,
            Signal.boundedKey(eventId),
            Signal.boundedKey(groupKey),
            Signal.boundedKey(alertKey),
            status,
            transition,
            mapped,
            summary,
            labels,
            annotations,
            links,
            at,
            status == SignalStatus.RESOLVED ? at : null,
            0);
    return Translation.of(List.of(signal));
  }

  /** A string field, or null when absent, empty or an unsubstituted {@code $VARIABLE}. */
  private static String value(JsonFields body, String name) {
    String value = body.optionalString(name);
    if (value == null || value.isBlank() || value.matches("\\$[A-Z_\\[\\]a-z.]+")) {
      return null;
    }
    return value.trim();
  }

  /** Datadog tags are {@code key:value} pairs separated by commas. */
  private static void addTags(Map<String, String> labels, String tags) {
    if (tags == null) {
      return;
    }
    for (String tag : tags.split(",")) {
      String trimmed = tag.trim();
      int colon = trimmed.indexOf(':');
      if (colon > 0 && colon < trimmed.length() - 1) {
        labels.putIfAbsent(trimmed.substring(0, colon), trimmed.substring(colon + 1));
      }
    }
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
