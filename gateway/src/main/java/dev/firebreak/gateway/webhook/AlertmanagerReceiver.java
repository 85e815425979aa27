package dev.firebreak.gateway.webhook;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.config.SeverityMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook payload version 4, and Grafana alerting's webhook contact point, which
 * sends the same shape as version 1 with more fields. A notification is a snapshot of a whole
 * group, re-sent on every change and repeat interval, so each alert's identity for redelivery is
 * its fingerprint, start and status; Alertmanager before 0.19 sends no fingerprint, so it is
 * derived from the labels as Alertmanager derives it. Unknown top-level fields are accepted:
 * newer Alertmanagers add some ({@code notification_reason} in 0.32, {@code routeLabels} in
 * 0.34).
 *
 * <p>The alerts of a notification are listed in no particular time order (a resolved alert may
 * come before one that started earlier); they are handed on in the order they happened, so that
 * correlation sees a group's history as it unfolded.
 */
final class AlertmanagerReceiver implements WebhookReceiver {

  private static final List<String> STATUSES = List.of("firing", "resolved");
  private static final String ALERTMANAGER_VERSION = "4";
  private static final String GRAFANA_VERSION = "1";

  /** Grafana's per-alert links, kept under these names. */
  private static final Map<String, String> GRAFANA_LINKS =
      Map.of(
          "silenceURL",
          "silence",
          "dashboardURL",
          "dashboard",
          "panelURL",
          "panel",
          "imageURL",
          "image");

  private static final Comparator<Signal> IN_TIME_ORDER = Comparator.comparing(Signal::occurredAt);

  private final Source source;
  private final SeverityMapping severity;
  private final GatewayConfig.Limits limits;

  /** @param source the sender this endpoint stands for (Alertmanager or Grafana) */
  AlertmanagerReceiver(Source source, SeverityMapping severity, GatewayConfig.Limits limits) {
    this.source = source;
    this.severity = severity;
    this.limits = limits;
  }

  @Override
  public Source source() {
    return source;
  }

  @Override
  public Translation translate(JsonFields body, Instant receivedAt) {
    String version = body.requiredString("version");
    if (!version.equals(ALERTMANAGER_VERSION) && !version.equals(GRAFANA_VERSION)) {
      throw new InvalidPayloadException(
          "$.version: unsupported payload version "
              + JsonFields.quote(version)
              + "; Firebreak reads version \"4\" (Alertmanager) and"
              + " \"1\" (Grafana alerting)");
    }
    String groupKey = body.requiredText("groupKey");
    if (body.has("orgId")) {
      // Grafana organisations are separate tenants whose group keys may well coincide.
      groupKey = "org " + body.optionalNonNegativeLong("orgId", 0) + ":" + groupKey;
    }
    body.requiredEnum("status", STATUSES);
    body.requiredString("receiver");
    String externalUrl = body.optionalString("externalURL");
    long truncated = body.optionalNonNegativeLong("truncatedAlerts", 0);
    body.stringMap("groupLabels", false, limits.maxLabels());
    body.stringMap("commonLabels", false, limits.maxLabels());
    body.stringMap("commonAnnotations", false, limits.maxLabels());
    body.optionalString("title");
    body.optionalString("state");
    body.optionalString("message");
    List<JsonFields> alerts = body.requiredObjects("alerts", limits.maxAlertsPerRequest());

    List<Signal> signals = new ArrayList<>(alerts.size());
    for (JsonFields alert : alerts) {
      signals.add(signal(alert, groupKey, externalUrl));
    }
    signals.sort(IN_TIME_ORDER);
    if (truncated > 0 && !signals.isEmpty()) {
      signals.set(
          0, signals.get(0).withTruncatedAlerts((int) Math.min(truncated, Integer.MAX_VALUE)));
    }
    return Translation.of(signals);
  }

  private Signal signal(JsonFields alert, String groupKey, String externalUrl) {
    SignalStatus status =
        alert.requiredEnum("status", STATUSES).equals("firing")
            ? SignalStatus.FIRING
            : SignalStatus.RESOLVED;
    Map<String, String> labels = alert.stringMap("labels", true, limits.maxLabels());
    if (labels.isEmpty()) {
      throw new InvalidPayloadException(
          alert.at("labels") + ": an alert needs at least one" + " label");
    }
    Map<String, String> annotations = alert.stringMap("annotations", false, limits.maxLabels());
    Instant startsAt = alert.requiredTime("startsAt");
    Instant endsAt = alert.optionalTime("endsAt");
    if (status == SignalStatus.FIRING) {
      // A firing alert carries Go's zero time, or in some versions a future expiry: not an end.
      endsAt = null;
    }
    String fingerprint =
        alert.has("fingerprint")
            ? alert.requiredText("fingerprint")
            : AlertmanagerFingerprint.of(labels);
    String generatorUrl = alert.optionalString("generatorURL");

    Map<String, String> links = new LinkedHashMap<>();
    if (generatorUrl != null && !generatorUrl.isEmpty()) {
      links.put("generatorURL", generatorUrl);
    }
    if (externalUrl != null && !externalUrl.isEmpty()) {
      // The sending Alertmanager, or Grafana for its contact point.
      links.put(source.wireName(), externalUrl);
    }
    GRAFANA_LINKS.forEach(
        (field, name) -> {
          String url = alert.optionalString(field);
          if (url != null && !url.isEmpty()) {
            links.put(name, url);
          }
        });
    annotations = withGrafanaValues(alert, annotations);
    String runbook = annotations.get("runbook_url");
    if (runbook != null && !runbook.isEmpty()) {
      links.put("runbook", runbook);
    }
    String summary =
        JsonFields.firstNonBlank(
            annotations.get("summary"), annotations.get("description"), labels.get("alertname"));
    return new Signal(
        source,
        Signal.boundedKey(fingerprint + "|" + startsAt + "|" + status.wireName()),
        Signal.boundedKey(groupKey),
        Signal.boundedKey(fingerprint),
        status,
        status.wireName(),
        severity.map(labels.get("severity"), labels.get("priority")),
        summary,
        labels,
        annotations,
        links,
        startsAt,
        endsAt,
        0);
  }

  /**
   * Grafana's evaluated values ({@code values}, or {@code valueString} from older versions)
   * become annotations, so they show with the signal: what the query returned when it fired.
   */
  private Map<String, String> withGrafanaValues(JsonFields alert, Map<String, String> annotations) {
    Map<String, String> values = alert.scalarMap("values", limits.maxLabels());
    String valueString = alert.optionalString("valueString");
    if (values.isEmpty() && (valueString == null || valueString.isBlank())) {
      return annotations;
    }
    Map<String, String> all = new LinkedHashMap<>(annotations);
    if (!values.isEmpty()) {
      StringBuilder text = new StringBuilder();
      values.forEach(
          (name, value) ->
              text.append(text.isEmpty() ? "" : ", ").append(name).append('=').append(value));
      all.putIfAbsent("values", text.toString());
    }
    if (valueString != null && !valueString.isBlank()) {
      all.putIfAbsent("valueString", valueString);
    }
    return all;
  }
}
