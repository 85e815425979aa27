package dev.firebreak.gateway.webhook;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.gateway.config.SeverityMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PagerDuty Generic Webhooks V3 (one {@code event} per delivery) and the deprecated V2 form
 * ({@code messages}). PagerDuty disables a subscription after three refused deliveries, so
 * pings and event types Firebreak does not track are accepted and ignored, never refused.
 */
final class PagerDutyReceiver implements WebhookReceiver {

  private static final int MAX_V2_MESSAGES = 100;
  /**
   * The incident events whose {@code data.status} Firebreak follows. The others (notes,
   * reassignments, responders, workflows, …) carry no alert state and are ignored, as are types
   * PagerDuty adds later.
   */
  private static final Set<String> TRACKED = Set.of("incident.triggered",
      "incident.acknowledged", "incident.unacknowledged", "incident.resolved",
      "incident.reopened", "incident.priority_updated");
  /** The same for V2, whose names are verbs: {@code incident.trigger}, {@code .assign}, … */
  private static final Set<String> TRACKED_V2 = Set.of("incident.trigger",
      "incident.acknowledge", "incident.unacknowledge", "incident.resolve");

  private final SeverityMapping severity;

  PagerDutyReceiver(SeverityMapping severity) {
    this.severity = severity;
  }

  @Override
  public Source source() {
    return Source.PAGERDUTY;
  }

  @Override
  public Translation translate(JsonFields body, Instant receivedAt) {
    if (body.has("event")) {
      return v3(body.requiredObject("event"));
    }
    if (body.has("messages")) {
      return v2(body.requiredObjects("messages", MAX_V2_MESSAGES));
    }
    throw new InvalidPayloadException("$: expected a V3 webhook ({\"event\": …}) or a V2 one"
        + " ({\"messages\": […]})");
  }

  private Translation v3(JsonFields event) {
    String eventId = event.requiredText("id");
    String eventType = event.requiredText("event_type");
    Instant occurredAt = event.requiredTime("occurred_at");
    if (eventType.equals("pagey.ping")) {
      return Translation.ignored("ping");
    }
    JsonFields data = event.optionalObject("data");
    if (!TRACKED.contains(eventType) || data == null
        || !"incident".equals(data.optionalString("type"))) {
      return Translation.ignored("event type " + eventType + " is not tracked");
    }
    String status = data.requiredEnum("status", List.of("triggered", "acknowledged",
        "resolved"));
    JsonFields agent = event.optionalObject("agent");
    String by = agent == null ? null : agent.optionalString("summary");
    return Translation.of(List.of(signal(data, eventId, eventType, status, occurredAt,
        "number", by)));
  }

  private Translation v2(List<JsonFields> messages) {
    List<Signal> signals = new ArrayList<>();
    for (JsonFields message : messages) {
      String id = message.requiredText("id");
      String event = message.requiredText("event");
      Instant createdOn = message.requiredTime("created_on");
      JsonFields incident = message.optionalObject("incident");
      if (!TRACKED_V2.contains(event) || incident == null) {
        continue;
      }
      String status = incident.requiredEnum("status", List.of("triggered", "acknowledged",
          "resolved"));
      signals.add(signal(incident, id, event, status, createdOn, "incident_number", null));
    }
    return signals.isEmpty() ? Translation.ignored("no incident messages")
        : Translation.of(signals);
  }

  /**
   * The event time serves as the start: each PagerDuty event is a new statement about the
   * incident, and a reopen must read as newer than the resolve before it.
   */
  private Signal signal(JsonFields incident, String eventId, String eventType, String status,
      Instant occurredAt, String numberField, String agent) {
    String incidentId = incident.requiredText("id");
    SignalStatus signalStatus = switch (status) {
      case "resolved" -> SignalStatus.RESOLVED;
      case "acknowledged" -> SignalStatus.ACKNOWLEDGED;
      default -> SignalStatus.FIRING;
    };
    Map<String, String> labels = new LinkedHashMap<>();
    JsonFields service = incident.optionalObject("service");
    if (service != null) {
      String name = JsonFields.firstNonBlank(service.optionalString("summary"),
          service.optionalString("name"));
      if (!name.isEmpty()) {
        labels.put("service", name);
      }
      String serviceId = service.optionalString("id");
      if (serviceId != null) {
        labels.put("pagerduty_service_id", serviceId);
      }
    }
    String urgency = incident.optionalString("urgency");
    if (urgency != null) {
      labels.put("urgency", urgency);
    }
    String priority = null;
    JsonFields priorityRef = incident.optionalObject("priority");
    if (priorityRef != null) {
      priority = JsonFields.firstNonBlank(priorityRef.optionalString("summary"),
          priorityRef.optionalString("name"));
      if (!priority.isEmpty()) {
        labels.put("priority", priority);
      }
    }
    String number = incident.has(numberField) ? scalar(incident, numberField) : null;
    if (number != null) {
      labels.put("pagerduty_incident_number", number);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    String incidentKey = incident.optionalString("incident_key");
    if (incidentKey != null) {
      annotations.put("incident_key", incidentKey);
    }
    if (agent != null && !agent.isBlank()) {
      annotations.put(Signal.AGENT, agent);
    }
    Map<String, String> links = new LinkedHashMap<>();
    String htmlUrl = incident.optionalString("html_url");
    if (htmlUrl != null) {
      links.put("pagerduty", htmlUrl);
    }
    String title = JsonFields.firstNonBlank(incident.optionalString("title"),
        incident.optionalString("summary"), incidentId);
    String key = Signal.boundedKey(incidentId);
    return new Signal(Source.PAGERDUTY, Signal.boundedKey(eventId), key, key,
        signalStatus,
        eventType, severity.map(priority, urgency), title, labels, annotations, links,
        occurredAt, signalStatus == SignalStatus.RESOLVED ? occurredAt : null, 0);
  }

  private static String scalar(JsonFields object, String name) {
    try {
      return Long.toString(object.optionalNonNegativeLong(name, 0));
    } catch (InvalidPayloadException e) {
      return object.optionalString(name);
    }
  }
}
