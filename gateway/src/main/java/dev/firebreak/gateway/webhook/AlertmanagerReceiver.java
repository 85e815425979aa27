package dev.firebreak.gateway.webhook;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.config.SeverityMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook payload version 4. A notification is a snapshot of a whole group,
 * re-sent on every change and repeat interval, so each alert's identity for redelivery is its
 * fingerprint, start and status. Unknown top-level fields are accepted: newer Alertmanagers add
 * some ({@code notification_reason} in 0.32, {@code routeLabels} in 0.34).
 */
final class AlertmanagerReceiver implements WebhookReceiver {

  private static final List<String> STATUSES = List.of("firing", "resolved");

  private final SeverityMapping severity;
  private final GatewayConfig.Limits limits;

  AlertmanagerReceiver(SeverityMapping severity, GatewayConfig.Limits limits) {
    this.severity = severity;
    this.limits = limits;
  }

  @Override
  public Source source() {
    return Source.ALERTMANAGER;
  }

  @Override
  public Translation translate(JsonFields body, Instant receivedAt) {
    String version = body.requiredString("version");
    if (!version.equals("4")) {
      throw new InvalidPayloadException("$.version: unsupported payload version "
          + JsonFields.quote(version) + "; Firebreak reads version \"4\" (Alertmanager 0.x)");
    }
    String groupKey = body.requiredText("groupKey");
    body.requiredEnum("status", STATUSES);
    body.requiredString("receiver");
    String externalUrl = body.optionalString("externalURL");
    long truncated = body.optionalNonNegativeLong("truncatedAlerts", 0);
    body.stringMap("groupLabels", false, limits.maxLabels());
    body.stringMap("commonLabels", false, limits.maxLabels());
    body.stringMap("commonAnnotations", false, limits.maxLabels());
    List<JsonFields> alerts = body.requiredObjects("alerts", limits.maxAlertsPerRequest());

    List<Signal> signals = new ArrayList<>(alerts.size());
    for (JsonFields alert : alerts) {
      signals.add(signal(alert, groupKey, externalUrl,
          signals.isEmpty() ? (int) Math.min(truncated, Integer.MAX_VALUE) : 0));
    }
    return Translation.of(signals);
  }

  private Signal signal(JsonFields alert, String groupKey, String externalUrl, int truncated) {
    SignalStatus status = alert.requiredEnum("status", STATUSES).equals("firing")
        ? SignalStatus.FIRING : SignalStatus.RESOLVED;
    Map<String, String> labels = alert.stringMap("labels", true, limits.maxLabels());
    if (labels.isEmpty()) {
      throw new InvalidPayloadException(alert.at("labels") + ": an alert needs at least one"
          + " label");
    }
    Map<String, String> annotations = alert.stringMap("annotations", false, limits.maxLabels());
    Instant startsAt = alert.requiredTime("startsAt");
    Instant endsAt = alert.optionalTime("endsAt");
    if (status == SignalStatus.FIRING) {
      // A firing alert carries Go's zero time, or in some versions a future expiry: not an end.
      endsAt = null;
    }
    String fingerprint = alert.requiredText("fingerprint");
    String generatorUrl = alert.optionalString("generatorURL");

    Map<String, String> links = new LinkedHashMap<>();
    if (generatorUrl != null && !generatorUrl.isEmpty()) {
      links.put("generatorURL", generatorUrl);
    }
    if (externalUrl != null && !externalUrl.isEmpty()) {
      links.put("alertmanager", externalUrl);
    }
    String runbook = annotations.get("runbook_url");
    if (runbook != null && !runbook.isEmpty()) {
      links.put("runbook", runbook);
    }
    String summary = JsonFields.firstNonBlank(annotations.get("summary"), annotations.get("description"),
        labels.get("alertname"));
    return new Signal(Source.ALERTMANAGER,
        Signal.boundedKey(fingerprint + "|" + startsAt + "|" + status.wireName()),
        Signal.boundedKey(groupKey), Signal.boundedKey(fingerprint), status, status.wireName(),
        severity.map(labels.get("severity"), labels.get("priority")),
        summary, labels, annotations, links, startsAt, endsAt, truncated);
  }
}
