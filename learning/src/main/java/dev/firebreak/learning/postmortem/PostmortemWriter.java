package dev.firebreak.learning.postmortem;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.MetricUnit;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.SuspectService;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.model.TraceFinding;
import dev.firebreak.learning.recall.IncidentRecall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes an incident's postmortem in Markdown, in the sections of Google's SRE postmortem
 * template, from the incident's record only: every time and figure is copied from a signal, a
 * timeline entry, the evidence or the diagnosis, and named by its id where it has one. What only
 * people know (lessons, luck) is left as marked prompts; action items are drafts from rules,
 * each citing the evidence it comes from. The same record always gives the same text, so a
 * postmortem is rewritten only when the incident changed.
 */
public final class PostmortemWriter {

  /** The marker of a section a person must write. */
  public static final String TO_WRITE = "✍ *To be written by the responders:*";

  /** A detection gap worth an action item: an anomaly this far ahead of the alert. */
  static final Duration LATE_ALERT = Duration.ofMinutes(5);

  /** Time to acknowledge worth an action item. */
  static final Duration SLOW_ACK = Duration.ofMinutes(15);

  /** What the writer works from. */
  public record Record(
      IncidentDetail detail,
      long lastEventId,
      Optional<Diagnosis> diagnosis,
      Optional<Evidence> evidence,
      List<IncidentRecall.Similar> similar) {}

  private PostmortemWriter() {}

  public static String write(Record record) {
    Incident incident = record.detail().incident();
    StringBuilder md = new StringBuilder();
    md.append("# Postmortem: ").append(oneLine(incident.title())).append('\n');
    md.append('\n');
    md.append("*Incident ")
        .append(incident.id())
        .append(" · draft written by Firebreak from the incident's record as of event ")
        .append(record.lastEventId())
        .append(". Every time and figure below comes from that record; sections marked ✍ are")
        .append(" for the responders to write.*\n");
    summary(md, record);
    impact(md, record);
    detection(md, record);
    rootCause(md, record);
    resolution(md, record);
    escalations(md, record);
    timeline(md, record);
    similar(md, record);
    actionItems(md, record);
    md.append("\n## Lessons learned\n\n")
        .append(TO_WRITE)
        .append(" what went well, what went wrong, and where we got lucky.\n");
    return md.toString();
  }

  /** The first paragraph of a postmortem's summary section, for the memory document. */
  public static String summaryOf(String markdown) {
    int at = markdown.indexOf("\n## Summary\n");
    if (at < 0) {
      return "";
    }
    String rest = markdown.substring(at + "\n## Summary\n".length()).stripLeading();
    int end = rest.indexOf("\n\n");
    return (end < 0 ? rest : rest.substring(0, end)).strip();
  }

  private static void summary(StringBuilder md, Record record) {
    Incident incident = record.detail().incident();
    md.append("\n## Summary\n\n");
    md.append(oneLine(incident.title()))
        .append(". Severity ")
        .append(incident.severity().wireName())
        .append(", service ")
        .append(orUnknown(incident.service()))
        .append(". Opened ")
        .append(incident.openedAt());
    if (incident.status() == IncidentStatus.RESOLVED && incident.resolvedAt() != null) {
      md.append(", resolved ")
          .append(incident.resolvedAt())
          .append(" (")
          .append(duration(Duration.between(incident.openedAt(), incident.resolvedAt())))
          .append(")");
    } else {
      md.append(", ").append(incident.status().wireName()).append(" when this was written");
    }
    md.append('.');
    top(record)
        .ifPresent(
            top ->
                md.append(" Likely root cause: ")
                    .append(top.cause().description())
                    .append(top.service().isEmpty() ? "" : " in " + top.service())
                    .append(" (")
                    .append(percent(top.confidence()))
                    .append(" confidence, ")
                    .append(cite(top.evidenceIds()))
                    .append(")."));
    md.append('\n');
  }

  private static void impact(StringBuilder md, Record record) {
    Incident incident = record.detail().incident();
    md.append("\n## Impact\n\n");
    if (incident.resolvedAt() != null && incident.status() == IncidentStatus.RESOLVED) {
      md.append("- Duration: ")
          .append(duration(Duration.between(incident.openedAt(), incident.resolvedAt())))
          .append(", from ")
          .append(incident.openedAt())
          .append(" to ")
          .append(incident.resolvedAt())
          .append(".\n");
    }
    Set<String> services = new TreeSet<>();
    Set<String> sources = new TreeSet<>();
    for (StoredSignal stored : record.detail().signals()) {
      String service = stored.signal().service();
      if (service != null && !service.isEmpty()) {
        services.add(service);
      }
      sources.add(stored.signal().source().wireName());
    }
    md.append("- Services: ")
        .append(services.isEmpty() ? orUnknown(incident.service()) : String.join(", ", services))
        .append(".\n");
    md.append("- Signals: ")
        .append(record.detail().signals().size())
        .append(" from ")
        .append(sources.isEmpty() ? "no source" : String.join(", ", sources))
        .append(".\n");
    List<MetricAnomaly> anomalies = record.diagnosis().map(Diagnosis::anomalies).orElse(List.of());
    if (anomalies.isEmpty()) {
      md.append("- Peak values: none recorded (no metric anomaly in the evidence).\n");
      return;
    }
    md.append("- Peak values:\n");
    for (MetricAnomaly anomaly : anomalies) {
      MetricUnit unit = unitOf(record, anomaly.evidenceId());
      md.append("  - `")
          .append(anomaly.name())
          .append("`: ")
          .append(unit.format(anomaly.baselineMean()))
          .append(" before → ")
          .append(unit.format(anomaly.peak()))
          .append(" at peak, leaving its baseline at ")
          .append(anomaly.onset())
          .append(" (")
          .append(anomaly.evidenceId())
          .append(").\n");
    }
  }

  private static void detection(StringBuilder md, Record record) {
    md.append("\n## Detection\n\n");
    Optional<StoredSignal> first =
        record.detail().signals().stream()
            .filter(stored -> stored.signal().status() != SignalStatus.RESOLVED)
            .min(Comparator.comparing(stored -> stored.signal().startsAt()));
    if (first.isEmpty()) {
      md.append("No firing signal is recorded.\n");
      return;
    }
    StoredSignal alert = first.get();
    md.append("- First alert: ")
        .append(alertName(alert))
        .append(" from ")
        .append(alert.signal().source().wireName())
        .append(", started ")
        .append(alert.signal().startsAt())
        .append(", received ")
        .append(alert.receivedAt())
        .append(" (signal ")
        .append(alert.id())
        .append(").\n");
    Optional<MetricAnomaly> earliest = earliestAnomaly(record);
    earliest.ifPresent(
        anomaly -> {
          Duration gap = Duration.between(anomaly.onset(), alert.signal().startsAt());
          md.append("- First anomaly: `")
              .append(anomaly.name())
              .append("` left its baseline at ")
              .append(anomaly.onset())
              .append(" (")
              .append(anomaly.evidenceId())
              .append("), ")
              .append(
                  gap.isNegative()
                      ? duration(gap.negated()) + " after the alert started"
                      : duration(gap) + " before the alert started")
              .append(".\n");
        });
    Incident incident = record.detail().incident();
    Optional<TimelineEntry> acknowledged =
        record.detail().timeline().stream()
            .filter(entry -> entry.kind() == TimelineKind.ACKNOWLEDGED)
            .findFirst();
    acknowledged.ifPresentOrElse(
        entry ->
            md.append("- Acknowledged: ")
                .append(entry.at())
                .append(", ")
                .append(duration(Duration.between(incident.openedAt(), entry.at())))
                .append(" after opening (")
                .append(oneLine(entry.message()))
                .append(").\n"),
        () -> md.append("- Acknowledged: not recorded.\n"));
  }

  private static void rootCause(StringBuilder md, Record record) {
    md.append("\n## Root cause and trigger\n\n");
    if (record.diagnosis().isEmpty() || record.diagnosis().get().hypotheses().isEmpty()) {
      md.append("No diagnosis is recorded.\n\n").append(TO_WRITE).append(" the root cause.\n");
      return;
    }
    Diagnosis diagnosis = record.diagnosis().get();
    md.append("Diagnosis of investigation run ")
        .append(diagnosis.run())
        .append(" (")
        .append(diagnosis.method())
        .append(", ")
        .append(diagnosis.createdAt())
        .append("), hypotheses ranked:\n\n");
    int rank = 1;
    for (Hypothesis hypothesis : diagnosis.hypotheses()) {
      md.append(rank++)
          .append(". **")
          .append(hypothesis.cause().description())
          .append("**")
          .append(hypothesis.service().isEmpty() ? "" : " in " + hypothesis.service())
          .append(", ")
          .append(percent(hypothesis.confidence()))
          .append(": ")
          .append(oneLine(hypothesis.explanation()))
          .append(" (")
          .append(cite(hypothesis.evidenceIds()))
          .append(")\n");
    }
    // Only worth a section when it names more than the alerting service.
    if (diagnosis.services().size() > 1) {
      md.append("\nServices most likely at the root:\n\n");
      for (SuspectService suspect : diagnosis.services()) {
        md.append("- **")
            .append(suspect.service())
            .append("** (")
            .append(String.format(java.util.Locale.ROOT, "%.2f", suspect.score()))
            .append(")")
            .append(
                suspect.reasons().isEmpty()
                    ? ""
                    : ": " + oneLine(String.join("; ", suspect.reasons())))
            .append(
                suspect.evidenceIds().isEmpty()
                    ? ""
                    : " ("
                        + cite(
                            suspect
                                .evidenceIds()
                                .subList(0, Math.min(8, suspect.evidenceIds().size())))
                        + ")")
            .append("\n");
      }
    }
    List<LogPattern> patterns = diagnosis.logPatterns();
    if (!patterns.isEmpty()) {
      md.append("\nLog templates that were new or surged:\n\n");
      for (LogPattern pattern : patterns) {
        md.append("- `")
            .append(oneLine(pattern.template()).replace("`", "'"))
            .append("`: ")
            .append(pattern.incidentCount())
            .append(" lines in the incident, ")
            .append(pattern.baselineCount())
            .append(" before, first seen ")
            .append(pattern.firstSeen())
            .append(" (")
            .append(cite(pattern.evidenceIds()))
            .append(")\n");
      }
    }
    List<TraceFinding> traces = diagnosis.traces();
    if (!traces.isEmpty()) {
      md.append("\nWhere traces failed:\n\n");
      for (TraceFinding trace : traces) {
        md.append("- ")
            .append(trace.service())
            .append(' ')
            .append(trace.operation())
            .append(": ")
            .append(oneLine(trace.message()))
            .append(", in ")
            .append(trace.traces())
            .append(" traces via ")
            .append(String.join(" → ", trace.path()))
            .append(" (")
            .append(cite(trace.evidenceIds()))
            .append(")\n");
      }
    }
    md.append('\n').append(TO_WRITE).append(" the trigger, and whether the diagnosis was right.\n");
  }

  private static void resolution(StringBuilder md, Record record) {
    md.append("\n## Resolution\n\n");
    List<TimelineEntry> resolved =
        record.detail().timeline().stream()
            .filter(entry -> entry.kind() == TimelineKind.RESOLVED)
            .toList();
    if (resolved.isEmpty()) {
      md.append("Not resolved when this was written.\n");
    } else {
      TimelineEntry last = resolved.get(resolved.size() - 1);
      md.append("Resolved ")
          .append(last.at())
          .append(": ")
          .append(oneLine(last.message()))
          .append(".\n");
    }
    md.append("\nRemediation actions: none were recorded for this incident.\n");
  }

  private static void escalations(StringBuilder md, Record record) {
    md.append("\n## Escalations\n\n");
    List<TimelineEntry> people =
        record.detail().timeline().stream()
            .filter(
                entry ->
                    entry.kind() == TimelineKind.ACKNOWLEDGED
                        || entry.kind() == TimelineKind.UNACKNOWLEDGED
                        || entry.kind() == TimelineKind.NOTE)
            .toList();
    md.append("Firebreak sent no pages or messages for this incident.\n");
    if (!people.isEmpty()) {
      md.append("\nWhat responders recorded:\n\n");
      for (TimelineEntry entry : people) {
        md.append("- ")
            .append(entry.at())
            .append(": ")
            .append(oneLine(entry.message()))
            .append('\n');
      }
    }
  }

  private static void timeline(StringBuilder md, Record record) {
    md.append("\n## Timeline\n\n| time (UTC) | what happened |\n| --- | --- |\n");
    for (TimelineEntry entry : record.detail().timeline()) {
      md.append("| ")
          .append(entry.at())
          .append(" | ")
          .append(entry.kind().wireName())
          .append(": ")
          .append(oneLine(entry.message()).replace("|", "\\|"))
          .append(entry.signalId() == null ? "" : " (signal " + entry.signalId() + ")")
          .append(" |\n");
    }
  }

  private static void similar(StringBuilder md, Record record) {
    md.append("\n## Similar past incidents\n\n");
    if (record.similar().isEmpty()) {
      md.append("None found in memory.\n");
      return;
    }
    for (IncidentRecall.Similar similar : record.similar()) {
      var document = similar.document();
      md.append("- ")
          .append(
              document.incidentId() == null
                  ? "Postmortem " + document.postmortem()
                  : "Incident " + document.incidentId())
          .append(": ")
          .append(oneLine(document.title()))
          .append(" (")
          .append(percent(Math.max(0, similar.similarity())))
          .append(" similar")
          .append(document.cause().isEmpty() ? "" : ", cause " + document.cause())
          .append(
              document.resolution().isEmpty()
                  ? ""
                  : "; resolved: " + oneLine(document.resolution()))
          .append(")\n");
    }
  }

  private static void actionItems(StringBuilder md, Record record) {
    md.append("\n## Action items\n\n");
    md.append("*Drafts from Firebreak's rules; check each before adopting it.*\n\n");
    List<String> items = new ArrayList<>();
    Incident incident = record.detail().incident();
    top(record)
        .ifPresent(
            top -> items.add(causeItem(top, incident) + " (" + cite(top.evidenceIds()) + ")"));
    Optional<StoredSignal> first =
        record.detail().signals().stream()
            .filter(stored -> stored.signal().status() != SignalStatus.RESOLVED)
            .min(Comparator.comparing(stored -> stored.signal().startsAt()));
    Optional<MetricAnomaly> earliest = earliestAnomaly(record);
    if (first.isPresent() && earliest.isPresent()) {
      Duration gap = Duration.between(earliest.get().onset(), first.get().signal().startsAt());
      if (gap.compareTo(LATE_ALERT) > 0) {
        items.add(
            "Alert sooner: `"
                + earliest.get().name()
                + "` left its baseline "
                + duration(gap)
                + " before "
                + alertName(first.get())
                + " started ("
                + earliest.get().evidenceId()
                + ", signal "
                + first.get().id()
                + ").");
      }
    }
    record.detail().timeline().stream()
        .filter(entry -> entry.kind() == TimelineKind.ACKNOWLEDGED)
        .findFirst()
        .ifPresent(
            entry -> {
              Duration toAck = Duration.between(incident.openedAt(), entry.at());
              if (toAck.compareTo(SLOW_ACK) > 0) {
                items.add(
                    "Check the paging path: acknowledging took "
                        + duration(toAck)
                        + " (timeline, "
                        + entry.at()
                        + ").");
              }
            });
    record
        .evidence()
        .ifPresent(
            evidence -> {
              for (SourceReport report : evidence.reports()) {
                if (report.outcome() == SourceOutcome.FAILED
                    || report.outcome() == SourceOutcome.TIMED_OUT) {
                  items.add(
                      "Fix evidence source "
                          + report.source()
                          + ": it "
                          + (report.outcome() == SourceOutcome.FAILED ? "failed" : "timed out")
                          + " during investigation run "
                          + evidence.run()
                          + (report.error().isEmpty() ? "" : " (" + oneLine(report.error()) + ")")
                          + ", so the diagnosis saw less than it could.");
                }
              }
            });
    if (items.isEmpty()) {
      md.append("None from the rules.\n");
    } else {
      for (String item : items) {
        md.append("- [ ] ").append(item).append('\n');
      }
    }
    md.append('\n')
        .append(TO_WRITE)
        .append(" the action items the team commits to, with owners.\n");
  }

  private static String causeItem(Hypothesis top, Incident incident) {
    String service = !top.service().isEmpty() ? top.service() : orUnknown(incident.service());
    return switch (top.cause()) {
      case BAD_DEPLOY ->
          "Review the change to "
              + service
              + " that preceded the incident, and gate its deploys on a"
              + " canary or an automated rollback.";
      case RESOURCE_SATURATION ->
          "Set "
              + service
              + "'s resource limits and autoscaling bounds from its observed peak, and"
              + " alert on saturation before it is reached.";
      case MEMORY_LEAK ->
          "Find the leak in "
              + service
              + " (a heap profile of a replica before it is restarted), and"
              + " alert on memory growth rather than level.";
      case DEPENDENCY_DOWN ->
          "Give "
              + service
              + "'s calls to the failing dependency a timeout, a retry budget and a"
              + " circuit breaker, and alert on the dependency's own health.";
      case CONNECTION_POOL_EXHAUSTION ->
          "Size "
              + service
              + "'s connection pool against the database's connection limit, and alert"
              + " on pool wait time.";
      case TRAFFIC_SURGE ->
          "Check " + service + "'s autoscaling and rate limits against the peak request rate.";
      case DISK_FULL ->
          "Add retention or clean-up for the volume that filled, and alert on its time until full.";
      case CERTIFICATE_EXPIRY ->
          "Automate renewal of the certificate, and alert well before expiry.";
      case UNKNOWN -> "Find the root cause: the diagnosis could not name one.";
    };
  }

  private static Optional<Hypothesis> top(Record record) {
    return record
        .diagnosis()
        .filter(diagnosis -> !diagnosis.hypotheses().isEmpty())
        .map(diagnosis -> diagnosis.hypotheses().get(0))
        .filter(top -> top.cause() != RootCause.UNKNOWN || top.confidence() > 0);
  }

  private static Optional<MetricAnomaly> earliestAnomaly(Record record) {
    return record.diagnosis().stream()
        .flatMap(diagnosis -> diagnosis.anomalies().stream())
        .filter(anomaly -> anomaly.onset() != null)
        .min(Comparator.comparing(MetricAnomaly::onset));
  }

  private static MetricUnit unitOf(Record record, String evidenceId) {
    if (record.evidence().isEmpty()) {
      return MetricUnit.NONE;
    }
    for (MetricSeries series : record.evidence().get().metrics()) {
      if (series.id().equals(evidenceId)) {
        return MetricUnit.of(series);
      }
    }
    return MetricUnit.NONE;
  }

  private static String alertName(StoredSignal stored) {
    String name = stored.signal().labels().getOrDefault("alertname", "");
    return "**" + oneLine(name.isEmpty() ? stored.signal().summary() : name) + "**";
  }

  private static String cite(List<String> evidenceIds) {
    Set<String> ids = new LinkedHashSet<>(evidenceIds);
    return ids.isEmpty() ? "no evidence cited" : "evidence " + String.join(", ", ids);
  }

  static String duration(Duration duration) {
    long seconds = duration.getSeconds();
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long rest = seconds % 60;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append(" h ");
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append(" min ");
    }
    text.append(rest).append(" s");
    return text.toString();
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%d%%", Math.round(value * 100));
  }

  private static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "unknown" : value;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").strip();
  }
}
