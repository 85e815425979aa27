package dev.firebreak.integrations.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.Notification.Channel;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.port.NotificationSender;
import dev.firebreak.integrations.notify.ChannelHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pages through PagerDuty's Events API v2: {@code trigger} with the incident as {@code
 * dedup_key} (a trigger on an open key updates the alert; after a resolve it opens a new one, so
 * a reopened incident pages again), then {@code acknowledge} and {@code resolve}. 202 is done;
 * 400 (an invalid event) and other 4xx are refused and never retried; 429, 5xx and network
 * errors are retried. The routing keys are credentials: they are sent in the body and never
 * logged or stored (messages name a key, not its value).
 */
public final class PagerDutyEvents implements NotificationSender {

  public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_SUMMARY = 1024;
  private static final int MAX_LINKS = 5;
  private static final int ERROR_BODY_CHARS = 500;

  private final OkHttpClient client;
  private final String url;
  private final Map<String, String> routingKeys;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param routingKeys the integration key of each routing-key name messages use
   * @param timeout the longest one call may take
   */
  public PagerDutyEvents(
      OkHttpClient shared, String url, Map<String, String> routingKeys, Duration timeout) {
    this.client = ChannelHttp.client(shared, timeout);
    this.url = url;
    this.routingKeys = Map.copyOf(routingKeys);
  }

  @Override
  public Channel channel() {
    return Channel.PAGERDUTY;
  }

  @Override
  public boolean knows(String target) {
    return routingKeys.containsKey(target);
  }

  /** The dedup key of an incident: one PagerDuty alert per Firebreak incident. */
  public static String dedupKey(long incidentId) {
    return "firebreak-incident-" + incidentId;
  }

  @Override
  public Delivery send(Notification message, Context context) {
    String key = routingKeys.get(message.target());
    if (key == null) {
      return new Refused("no routing key named " + message.target(), Optional.empty());
    }
    String body;
    try {
      body = json.writeValueAsString(event(message, context, key));
    } catch (IOException e) {
      return new Refused("event could not be written: " + e.getMessage(), Optional.empty());
    }
    Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      String answer = ChannelHttp.start(response.body());
      int status = response.code();
      if (status == 202 || status == 200) {
        return new Sent(answer, Optional.empty());
      }
      if (status == 429) {
        return new Retry(
            "429 throttled: " + answer, ChannelHttp.retryAfter(response), true, Optional.empty());
      }
      if (status >= 500) {
        return new Retry(
            status + ": " + answer, ChannelHttp.retryAfter(response), false, Optional.empty());
      }
      return new Refused(status + ": " + answer, Optional.empty());
    } catch (IOException e) {
      return new Retry(
          "PagerDuty unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage(),
          Optional.empty(),
          false,
          Optional.empty());
    }
  }

  /** The Events API v2 body of a message. */
  ObjectNode event(Notification message, Context context, String routingKey) {
    Incident incident = context.incident().incident();
    ObjectNode event = json.createObjectNode();
    event.put("routing_key", routingKey);
    event.put("event_action", message.action().wireName());
    event.put("dedup_key", dedupKey(incident.id()));
    if (message.action() != Notification.Action.TRIGGER) {
      return event;
    }
    Optional<Hypothesis> top =
        context.diagnosis().flatMap(diagnosis -> diagnosis.hypotheses().stream().findFirst());
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", summary(incident, top));
    payload.put("source", source(incident));
    payload.put("severity", severity(incident.severity()));
    payload.put("timestamp", incident.openedAt().toString());
    if (!incident.service().isEmpty()) {
      payload.put("component", incident.service());
    }
    String group = firstLabel(incident, "namespace", "cluster", "job");
    if (group != null) {
      payload.put("group", group);
    }
    String type =
        top.map(hypothesis -> hypothesis.cause().wireName())
            .orElse(firstLabel(incident, "alertname"));
    if (type != null) {
      payload.put("class", type);
    }
    ObjectNode details = payload.putObject("custom_details");
    details.put("firebreak_incident", incident.id());
    details.put("status", incident.status().wireName());
    details.put("why_paged", message.text());
    details.put("signals", incident.signalCount());
    details.put(
        "sources",
        String.join(
            ", ", incident.sources().stream().map(source -> source.wireName()).sorted().toList()));
    context.diagnosis().ifPresent(diagnosis -> hypotheses(details, diagnosis));
    ArrayNode links = event.putArray("links");
    context
        .incidentUrl()
        .ifPresent(
            href -> links.addObject().put("href", href).put("text", "Incident in Firebreak"));
    for (String href : signalLinks(context.incident().signals())) {
      if (links.size() >= MAX_LINKS) {
        break;
      }
      links.addObject().put("href", href).put("text", "Alert source");
    }
    event.put("client", "Firebreak");
    context.incidentUrl().ifPresent(href -> event.put("client_url", href));
    return event;
  }

  private static void hypotheses(ObjectNode details, Diagnosis diagnosis) {
    ArrayNode list = details.putArray("likely_causes");
    for (Hypothesis hypothesis : diagnosis.hypotheses().stream().limit(3).toList()) {
      ObjectNode item = list.addObject();
      item.put("cause", hypothesis.cause().description());
      if (!hypothesis.service().isEmpty()) {
        item.put("service", hypothesis.service());
      }
      item.put("confidence", Math.round(hypothesis.confidence() * 100) / 100.0);
      item.put("evidence", hypothesis.explanation());
    }
  }

  static String summary(Incident incident, Optional<Hypothesis> top) {
    StringBuilder text = new StringBuilder(incident.title());
    if (!incident.service().isEmpty() && !incident.title().contains(incident.service())) {
      text.append(" (").append(incident.service()).append(')');
    }
    top.filter(hypothesis -> hypothesis.cause() != dev.firebreak.analysis.model.RootCause.UNKNOWN)
        .ifPresent(
            hypothesis ->
                text.append(" — likely ")
                    .append(hypothesis.cause().description())
                    .append(" (")
                    .append(Math.round(hypothesis.confidence() * 100))
                    .append(" %): ")
                    .append(hypothesis.explanation()));
    return text.length() <= MAX_SUMMARY
        ? text.toString()
        : text.substring(0, MAX_SUMMARY - 1) + "…";
  }

  private static String source(Incident incident) {
    String instance = firstLabel(incident, "instance", "host", "pod");
    if (instance != null) {
      return instance;
    }
    return incident.service().isEmpty() ? "firebreak" : incident.service();
  }

  private static String firstLabel(Incident incident, String... names) {
    for (String name : names) {
      String value = incident.labels().get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  static String severity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "critical";
      case HIGH -> "error";
      case WARNING -> "warning";
      case INFO -> "info";
    };
  }

  private static Set<String> signalLinks(List<StoredSignal> signals) {
    Set<String> links = new LinkedHashSet<>();
    for (StoredSignal signal : signals) {
      for (String href : signal.signal().links().values()) {
        if (href.startsWith("https://") || href.startsWith("http://")) {
          links.add(href);
        }
      }
    }
    return links;
  }
}
