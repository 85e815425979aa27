package dev.firebreak.learning.recall;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Feedback;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.Postmortem;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.model.TraceFinding;
import dev.firebreak.learning.postmortem.PostmortemWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What recall remembers of an incident: its title, where it happened, the alerts, what the
 * diagnosis found, what resolved it and the postmortem's summary — most telling first, because
 * the embedding model reads only the beginning of a long text.
 */
public final class IncidentDocuments {

  private static final int MAX_ALERTS = 10;
  private static final int MAX_PATTERNS = 5;

  private IncidentDocuments() {}

  /** @param feedback the latest feedback: a cause a person confirmed wins over the diagnosis */
  public static MemoryDocument of(
      IncidentDetail detail,
      Optional<Diagnosis> diagnosis,
      Optional<Postmortem> postmortem,
      Optional<Feedback> feedback) {
    Incident incident = detail.incident();
    StringBuilder text = new StringBuilder();
    line(text, "Service: " + orUnknown(incident.service()) + labels(incident));
    Set<String> alerts = new LinkedHashSet<>();
    for (StoredSignal stored : detail.signals()) {
      String name = stored.signal().labels().getOrDefault("alertname", "");
      String summary = stored.signal().summary();
      String alert = name.isEmpty() ? summary : summary.isEmpty() ? name : name + ": " + summary;
      if (!alert.isEmpty() && alerts.size() < MAX_ALERTS) {
        alerts.add(alert);
      }
    }
    if (!alerts.isEmpty()) {
      line(text, "Alerts: " + String.join("; ", alerts));
    }
    String cause = "";
    if (diagnosis.isPresent() && !diagnosis.get().hypotheses().isEmpty()) {
      Hypothesis top = diagnosis.get().hypotheses().get(0);
      if (top.cause() != RootCause.UNKNOWN) {
        cause = top.cause().wireName();
      }
      line(
          text,
          "Likely cause: "
              + top.cause().description()
              + (top.service().isEmpty() ? "" : " in " + top.service())
              + ". "
              + top.explanation());
      Diagnosis found = diagnosis.get();
      Set<String> moved = new LinkedHashSet<>();
      for (MetricAnomaly anomaly : found.anomalies()) {
        moved.add(anomaly.name());
      }
      if (!moved.isEmpty()) {
        line(text, "Metrics that moved: " + String.join(", ", moved));
      }
      List<LogPattern> patterns = found.logPatterns();
      for (LogPattern pattern : patterns.subList(0, Math.min(MAX_PATTERNS, patterns.size()))) {
        line(text, "Log: " + pattern.template());
      }
      for (TraceFinding trace : found.traces()) {
        line(
            text,
            "Traces fail in " + trace.service() + " " + trace.operation() + ": " + trace.message());
      }
    }
    RootCause confirmed = feedback.map(Feedback::confirmedCause).orElse(null);
    if (confirmed != null) {
      cause = confirmed.wireName();
      line(text, "Confirmed cause: " + confirmed.description());
    }
    String resolution = resolution(detail);
    String fixedBy = feedback.map(Feedback::fixedBy).orElse("");
    if (!fixedBy.isEmpty()) {
      resolution = ("fixed by " + fixedBy + ". " + resolution).strip();
    }
    if (!resolution.isEmpty()) {
      line(text, "Resolution: " + resolution);
    }
    postmortem.ifPresent(
        written -> {
          String summary = PostmortemWriter.summaryOf(written.markdown());
          if (!summary.isEmpty()) {
            line(text, "Postmortem: " + summary);
          }
        });
    return new MemoryDocument(
        MemoryDocument.incidentId(incident.id()),
        incident.id(),
        incident.title(),
        text.toString().strip(),
        incident.service(),
        cause,
        resolution,
        incident.status() == IncidentStatus.RESOLVED,
        incident.openedAt(),
        incident.updatedAt(),
        postmortem.isPresent() ? "/api/incidents/" + incident.id() + "/postmortem" : "");
  }

  /**
   * What resolved the incident, in words: the last resolution and the notes people left from
   * the last time it opened or reopened; empty while it is not resolved.
   */
  static String resolution(IncidentDetail detail) {
    if (detail.incident().status() != IncidentStatus.RESOLVED) {
      return "";
    }
    List<TimelineEntry> timeline = detail.timeline();
    int from = 0;
    for (int i = 0; i < timeline.size(); i++) {
      if (timeline.get(i).kind() == TimelineKind.REOPENED) {
        from = i;
      }
    }
    StringBuilder said = new StringBuilder();
    String resolved = "";
    for (TimelineEntry entry : timeline.subList(from, timeline.size())) {
      if (entry.kind() == TimelineKind.NOTE) {
        said.append(entry.message()).append(". ");
      } else if (entry.kind() == TimelineKind.RESOLVED) {
        resolved = entry.message();
      }
    }
    return (said + resolved).strip();
  }

  private static String labels(Incident incident) {
    StringBuilder where = new StringBuilder();
    for (String name : List.of("namespace", "cluster", "env", "environment", "region")) {
      String value = incident.labels().get(name);
      if (value != null && !value.isEmpty()) {
        where.append(", ").append(name).append(' ').append(value);
      }
    }
    return where.toString();
  }

  private static String orUnknown(String service) {
    return service == null || service.isEmpty() ? "unknown" : service;
  }

  private static void line(StringBuilder text, String line) {
    text.append(line.strip()).append('\n');
  }
}
