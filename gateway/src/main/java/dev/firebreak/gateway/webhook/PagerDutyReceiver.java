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
 * ({@code messages}). The incident's whole lifecycle is followed: state changes, reassignment,
 * escalation, priority and service changes (each carrying the incident's current state), and
 * notes, status updates and responder requests (remarks without state), with the agent who did
 * each. PagerDuty disables a subscription after three refused deliveries, so pings and event
 * types Firebreak does not follow are accepted and ignored, never refused.
 */
final class PagerDutyReceiver implements WebhookReceiver {

  private static final int MAX_V2_MESSAGES = 100;

  /** Events whose {@code data} is the incident, with its current status. */
  private static final Set<String> INCIDENT_EVENTS =
      Set.of(
          "incident.triggered",
          "incident.acknowledged",
          "incident.unacknowledged",
          "incident.resolved",
          "incident.reopened",
          "incident.priority_updated",
          "incident.service_updated",
          "incident.reassigned",
          "incident.escalated",
          "incident.delegated");

  /** Events whose {@code data} is a remark about an incident it references. */
  private static final Map<String, String> REMARK_EVENTS =
      Map.of(
          "incident.annotated", "incident_note",
          "incident.status_update_published", "incident_status_update",
          "incident.responder.added", "incident_responder",
          "incident.responder.replied", "incident_responder");

  /** The same for V2, whose names are verbs: {@code incident.trigger}, {@code .assign}, … */
  private static final Set<String> TRACKED_V2 =
      Set.of(
          "incident.trigger",
          "incident.acknowledge",
          "incident.unacknowledge",
          "incident.resolve",
          "incident.assign",
          "incident.escalate",
          "incident.delegate");

  private static final List<String> STATUSES = List.of("triggered", "acknowledged", "resolved");

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
    throw new InvalidPayloadException(
        "$: expected a V3 webhook ({\"event\": …}) or a V2 one" + " ({\"messages\": […]})");
  }

  private Translation v3(JsonFields event) {
    String eventId = event.requiredText("id");
    String eventType = event.requiredText("event_type");
    Instant occurredAt = event.requiredTime("occurred_at");
    if (eventType.equals("pagey.ping")) {
      return Translation.ignored("ping");
    }
    JsonFields data = event.optionalObject("data");
    JsonFields agent = event.optionalObject("agent");
    String by = agent == null ? null : agent.optionalString("summary");
    if (data != null
        && REMARK_EVENTS.containsKey(eventType)
        && REMARK_EVENTS.get(eventType).equals(data.optionalString("type"))) {
      return Translation.of(List.of(remark(data, eventId, eventType, occurredAt, by)));
    }
    if (!INCIDENT_EVENTS.contains(eventType)
        || data == null
        || !"incident".equals(data.optionalString("type"))) {
      return Translation.ignored("event type " + eventType + " is not followed");
    }
    String status = data.requiredEnum("status", STATUSES);
    SignalStatus signalStatus =
        eventType.equals("incident.unacknowledged") && status.equals("triggered")
            ? SignalStatus.UNACKNOWLEDGED
            : status(status);
    Map<String, String> change = change(eventType, data);
    return Translation.of(
        List.of(signal(data, eventId, eventType, signalStatus, occurredAt, "number", by, change)));
  }

  /**
   * What the event changed, for people ({@link Signal#CHANGE}) and for the incident's fields
   * ({@link Signal#CHANGED_FIELDS}).
   */
  private static Map<String, String> change(String eventType, JsonFields incident) {
    Map<String, String> change = new LinkedHashMap<>();
    switch (eventType) {
      case "incident.reassigned", "incident.assign" ->
          change.put(Signal.CHANGE, "reassigned to " + assignees(incident));
      case "incident.escalated", "incident.escalate" ->
          change.put(Signal.CHANGE, "escalated to " + assignees(incident));
      case "incident.delegated", "incident.delegate" -> {
        JsonFields policy = incident.optionalObject("escalation_policy");
        String name =
            policy == null
                ? ""
                : JsonFields.firstNonBlank(
                    policy.optionalString("summary"), policy.optionalString("name"));
        change.put(
            Signal.CHANGE,
            "delegated to "
                + (name.isEmpty() ? "another escalation policy" : "escalation policy " + name));
      }
      case "incident.priority_updated" -> {
        String priority = reference(incident, "priority");
        change.put(
            Signal.CHANGE,
            priority.isEmpty() ? "priority removed" : "priority changed to " + priority);
        change.put(Signal.CHANGED_FIELDS, "priority");
      }
      case "incident.service_updated" -> {
        change.put(Signal.CHANGE, "moved to service " + reference(incident, "service"));
        change.put(Signal.CHANGED_FIELDS, "service");
      }
      default -> {}
    }
    return change;
  }

  /** A note, status update or responder request about the incident it references. */
  private Signal remark(
      JsonFields data, String eventId, String eventType, Instant occurredAt, String by) {
    JsonFields incident = data.requiredObject("incident");
    String incidentId = incident.requiredText("id");
    String text =
        switch (eventType) {
          case "incident.annotated" -> "note: " + data.requiredString("content");
          case "incident.status_update_published" ->
              "status update: " + data.requiredString("message");
          case "incident.responder.replied" ->
              "responder " + reference(data, "user") + " replied" + stateOf(data);
          default ->
              "responder requested: "
                  + reference(data, "user")
                  + optionalText(data.optionalString("message"));
        };
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Signal.CHANGE, text);
    if (by != null && !by.isBlank()) {
      annotations.put(Signal.AGENT, by);
    }
    Map<String, String> links = new LinkedHashMap<>();
    String htmlUrl = incident.optionalString("html_url");
    if (htmlUrl != null) {
      links.put("pagerduty", htmlUrl);
    }
    String key = Signal.boundedKey(incidentId);
    return new Signal(
        Source.PAGERDUTY,
        Signal.boundedKey(eventId),
        key,
        key,
        SignalStatus.NOTE,
        eventType,
        severity.map(null, null),
        JsonFields.firstNonBlank(incident.optionalString("summary"), incidentId),
        Map.of(),
        annotations,
        links,
        occurredAt,
        null,
        0);
  }

  private static String stateOf(JsonFields responder) {
    String state = responder.optionalString("state");
    return state == null || state.isBlank() ? "" : " (" + state + ")";
  }

  private static String optionalText(String message) {
    return message == null || message.isBlank() ? "" : ": " + message;
  }

  private static String assignees(JsonFields incident) {
    List<String> names = new ArrayList<>();
    if (incident.has("assignees")) {
      for (JsonFields assignee : incident.requiredObjects("assignees", MAX_V2_MESSAGES)) {
        String name =
            JsonFields.firstNonBlank(
                assignee.optionalString("summary"),
                assignee.optionalString("name"),
                assignee.optionalString("id"));
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    } else if (incident.has("assignments")) {
      for (JsonFields assignment : incident.requiredObjects("assignments", MAX_V2_MESSAGES)) {
        JsonFields assignee = assignment.optionalObject("assignee");
        if (assignee != null) {
          String name =
              JsonFields.firstNonBlank(
                  assignee.optionalString("summary"),
                  assignee.optionalString("name"),
                  assignee.optionalString("id"));
          if (!name.isEmpty()) {
            names.add(name);
          }
        }
      }
    }
    return names.isEmpty() ? "nobody" : String.join(", ", names);
  }

  /** The summary (or name) of a referenced object, or "" when absent. */
  private static String reference(JsonFields object, String field) {
    JsonFields ref = object.optionalObject(field);
    return ref == null
        ? ""
        : JsonFields.firstNonBlank(ref.optionalString("summary"), ref.optionalString("name"));
  }

  private static SignalStatus status(String status) {
    return switch (status) {
      case "resolved" -> SignalStatus.RESOLVED;
      case "acknowledged" -> SignalStatus.ACKNOWLEDGED;
      default -> SignalStatus.FIRING;
    };
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
      String status = incident.requiredEnum("status", STATUSES);
      SignalStatus signalStatus =
          event.equals("incident.unacknowledge") && status.equals("triggered")
              ? SignalStatus.UNACKNOWLEDGED
              : status(status);
      signals.add(
          signal(
              incident,
              id,
              event,
              signalStatus,
              createdOn,
              "incident_number",
              null,
              change(event, incident)));
    }
    return signals.isEmpty()
        ? Translation.ignored("no incident messages")
        : Translation.of(signals);
  }

  /**
   * The event time serves as the start: each PagerDuty event is a new statement about the
   * incident, and a reopen must read as newer than the resolve before it.
   */
  private Signal signal(
      JsonFields incident,
      String eventId,
      String eventType,
      SignalStatus signalStatus,
      Instant occurredAt,
      String numberField,
      String agent,
      Map<String, String> change) {
    String incidentId = incident.requiredText("id");
    Map<String, String> labels = new LinkedHashMap<>();
    JsonFields service = incident.optionalObject("service");
    if (service != null) {
      String name =
          JsonFields.firstNonBlank(
              service.optionalString("summary"), service.optionalString("name"));
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
      priority =
          JsonFields.firstNonBlank(
              priorityRef.optionalString("summary"), priorityRef.optionalString("name"));
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
    annotations.putAll(change);
    Map<String, String> links = new LinkedHashMap<>();
    String htmlUrl = incident.optionalString("html_url");
    if (htmlUrl != null) {
      links.put("pagerduty", htmlUrl);
    }
    String title =
        JsonFields.firstNonBlank(
            incident.optionalString("title"), incident.optionalString("summary"), incidentId);
    String key = Signal.boundedKey(incidentId);
    return new Signal(
        Source.PAGERDUTY,
        Signal.boundedKey(eventId),
        key,
        key,
        signalStatus,
        eventType,
        severity.map(priority, urgency),
        title,
        labels,
        annotations,
        links,
        occurredAt,
        signalStatus == SignalStatus.RESOLVED ? occurredAt : null,
        0);
  }

  private static String scalar(JsonFields object, String name) {
    try {
      return Long.toString(object.optionalNonNegativeLong(name, 0));
    } catch (InvalidPayloadException e) {
      return object.optionalString(name);
    }
  }
}
