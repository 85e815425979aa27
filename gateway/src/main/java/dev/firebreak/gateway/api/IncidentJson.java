package dev.firebreak.gateway.api;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The API's JSON shapes, written out field by field so the wire format is explicit. */
final class IncidentJson {

  private IncidentJson() {}

  static Map<String, Object> summary(Incident incident) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", incident.id());
    json.put("title", incident.title());
    json.put("status", incident.status().wireName());
    json.put("severity", incident.severity().wireName());
    json.put("service", incident.service().isEmpty() ? null : incident.service());
    json.put("labels", new TreeMap<>(incident.labels()));
    List<String> sources = new ArrayList<>();
    for (Source source : incident.sources()) {
      sources.add(source.wireName());
    }
    sources.sort(null);
    json.put("sources", sources);
    json.put("openedAt", time(incident.openedAt()));
    json.put("updatedAt", time(incident.updatedAt()));
    json.put("lastSignalAt", time(incident.lastSignalAt()));
    json.put("acknowledgedAt", time(incident.acknowledgedAt()));
    json.put("resolvedAt", time(incident.resolvedAt()));
    json.put("signalCount", incident.signalCount());
    return json;
  }

  static Map<String, Object> detail(IncidentDetail detail) {
    Map<String, Object> json = summary(detail.incident());
    List<Map<String, Object>> signals = new ArrayList<>();
    for (StoredSignal stored : detail.signals()) {
      signals.add(signal(stored));
    }
    json.put("signals", signals);
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (TimelineEntry entry : detail.timeline()) {
      timeline.add(entry(entry));
    }
    json.put("timeline", timeline);
    return json;
  }

  static Map<String, Object> signal(StoredSignal stored) {
    var signal = stored.signal();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", stored.id());
    json.put("source", signal.source().wireName());
    json.put("status", signal.status().wireName());
    json.put("event", signal.event());
    json.put("severity", signal.severity().wireName());
    json.put("summary", signal.summary());
    json.put("groupKey", signal.groupKey());
    json.put("alertKey", signal.alertKey());
    json.put("labels", new TreeMap<>(signal.labels()));
    json.put("annotations", new TreeMap<>(signal.annotations()));
    json.put("links", new TreeMap<>(signal.links()));
    json.put("startsAt", time(signal.startsAt()));
    json.put("endsAt", time(signal.endsAt()));
    json.put("receivedAt", time(stored.receivedAt()));
    json.put("truncatedAlerts", signal.truncatedAlerts());
    return json;
  }

  static Map<String, Object> entry(TimelineEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", time(entry.at()));
    json.put("kind", entry.kind().wireName());
    json.put("message", entry.message());
    json.put("signalId", entry.signalId());
    return json;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
