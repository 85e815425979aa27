package dev.firebreak.gateway.replay;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.MetricUnit;
import dev.firebreak.analysis.model.SeriesName;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.SuspectService;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.InvestigationStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Prints what a replay concluded, for a person at a terminal. */
public final class ReplayReport {

  private static final int SHOWN = 8;

  private ReplayReport() {}

  public static void print(Replayer.Result result, PrintWriter out) {
    Bundle bundle = result.bundle();
    out.printf(
        "Replayed %s: %d signals, %d recorded source exchanges, clock at %s%n%n",
        bundle.format(),
        bundle.signals().size(),
        bundle.exchanges().size(),
        bundle.evidence().collectedAt());
    if (result.incidents().isEmpty()) {
      out.println("No incident was opened.");
    }
    for (IncidentDetail detail : result.incidents()) {
      Incident incident = detail.incident();
      out.printf("Incident #%d  %s%n", incident.id(), incident.title());
      out.printf(
          "  %s, %s, service %s, opened %s, %d signals%n",
          incident.severity().wireName(),
          incident.status().wireName(),
          incident.service() == null ? "-" : incident.service(),
          incident.openedAt(),
          incident.signalCount());
      out.printf("  labels %s%n%n", new TreeMap<>(incident.labels()));
      out.println("Timeline");
      for (TimelineEntry entry : detail.timeline()) {
        out.printf("  %s  %-15s %s%n", entry.at(), entry.kind().wireName(), entry.message());
      }
      out.println();
      Optional<InvestigationStatus> status = result.status().get(incident.id());
      Optional<Evidence> evidence = result.evidence().get(incident.id());
      if (evidence == null || evidence.isEmpty()) {
        out.printf(
            "No evidence (investigation %s).%n%n",
            status == null
                ? "not asked for"
                : status.map(InvestigationStatus::state).orElse("not asked for"));
        continue;
      }
      Optional<Diagnosis> diagnosis =
          result.diagnoses().getOrDefault(incident.id(), Optional.empty());
      diagnosis.ifPresent(d -> printDiagnosis(d, evidence.get(), incident.labels(), out));
      printRemediation(result.actions().getOrDefault(incident.id(), List.of()), out);
      printEvidence(evidence.get(), incident.openedAt(), incident.labels(), out);
      out.printf(
          "Same evidence as recorded: %s%n%n",
          sameAsRecorded(evidence.get(), bundle.evidence())
              ? "yes"
              : "NO — the replay differs from the recording");
    }
    out.flush();
  }

  /**
   * How a series reads in a table: by what it measures (an alert's expression too) and the
   * labels that set it apart from the incident's, not by the query that fetched it.
   */
  private static String describe(MetricSeries series, Map<String, String> incidentLabels) {
    return SeriesName.of(
        series,
        (key, value) ->
            !value.equals(incidentLabels.get(key))
                && !key.equals("instance")
                && !key.equals("job"));
  }

  /** What remediation would have done: a replay never acts, whatever the policy. */
  private static void printRemediation(
      List<dev.firebreak.analysis.model.RemediationAction> actions, PrintWriter out) {
    out.println("Remediation (what-if: a replay plans, never acts)");
    if (actions.isEmpty()) {
      out.println("  nothing proposed (no playbook acts on the diagnosis; see the timeline)");
    }
    for (dev.firebreak.analysis.model.RemediationAction action : actions) {
      out.printf(
          "  would %s %s (%s risk, playbook %s)%n",
          action.kind().wireName(), action.target(), action.risk().wireName(), action.playbook());
      action
          .verification()
          .ifPresent(v -> out.printf("    verified by: %s no longer holding%n", v.condition()));
      if (action.outcome() != null) {
        out.printf("    %s%n", action.outcome());
      }
    }
    out.println();
  }

  private static void printEvidence(
      Evidence evidence, Instant openedAt, Map<String, String> labels, PrintWriter out) {
    out.printf("Evidence, window %s — %s%n", evidence.window().start(), evidence.window().end());
    for (SourceReport report : evidence.reports()) {
      out.printf(
          "  %-14s %-8s %-10s %4d items %6d ms  %s%n",
          report.source(),
          report.kind().wireName(),
          report.outcome().wireName(),
          report.items(),
          report.tookMillis(),
          report.error());
    }
    out.println();
    out.printf(
        "  %d series, %d log lines, %d traces%n%n",
        evidence.metrics().size(), evidence.logs().size(), evidence.traces().size());
    if (!evidence.metrics().isEmpty()) {
      // What was gathered, with its latest value; which series moved is the diagnosis's to say.
      out.println("Series gathered (latest value)");
      for (MetricSeries series :
          evidence.metrics().subList(0, Math.min(SHOWN, evidence.metrics().size()))) {
        out.printf(
            "  %-10s %-60s %s%n",
            series.id(),
            abbreviate(describe(series, labels), 60),
            series.samples().isEmpty()
                ? "no samples"
                : MetricUnit.of(series)
                    .format(series.samples().get(series.samples().size() - 1).value()));
      }
      out.println();
    }
    List<LogLine> errors =
        evidence.logs().stream()
            .filter(line -> line.level().equals("error") || line.level().equals("fatal"))
            .toList();
    if (!errors.isEmpty()) {
      out.printf("Error log lines (%d)%n", errors.size());
      for (LogLine line : errors.subList(0, Math.min(SHOWN, errors.size()))) {
        out.printf("  %-8s %s %s%n", line.id(), line.at(), abbreviate(line.message(), 100));
      }
      out.println();
    }
    if (!evidence.traces().isEmpty()) {
      out.printf("Failing traces (%d)%n", evidence.traces().size());
      for (TraceSummary trace :
          evidence.traces().subList(0, Math.min(SHOWN, evidence.traces().size()))) {
        Optional<Span> deepest =
            trace.spans().stream().filter(Span::error).max(Comparator.comparing(Span::start));
        out.printf(
            "  %-8s %s %s %s, %.1f ms%s%n",
            trace.id(),
            trace.traceId(),
            trace.rootService(),
            trace.rootOperation(),
            trace.durationMicros() / 1000.0,
            deepest
                .map(
                    span ->
                        "; latest failing span "
                            + span.service()
                            + " "
                            + span.operation()
                            + (span.statusMessage().isEmpty()
                                ? ""
                                : " (" + span.statusMessage() + ")"))
                .orElse(""));
      }
      out.println();
    }
  }

  private static void printDiagnosis(
      Diagnosis diagnosis, Evidence evidence, Map<String, String> labels, PrintWriter out) {
    out.printf(
        "Diagnosis (%s), severity %s%n", diagnosis.method(), diagnosis.severity().wireName());
    int rank = 1;
    for (Hypothesis hypothesis : diagnosis.hypotheses()) {
      if (rank > 3) {
        break;
      }
      out.printf(
          "  %d. %-40s %3.0f%%  %s%n",
          rank++,
          hypothesis.cause().description()
              + (hypothesis.service().isEmpty() ? "" : " in " + hypothesis.service()),
          hypothesis.confidence() * 100,
          String.join(
              ", ",
              hypothesis.evidenceIds().subList(0, Math.min(6, hypothesis.evidenceIds().size()))));
      out.printf("     %s%n", hypothesis.explanation());
    }
    if (!diagnosis.services().isEmpty()) {
      out.println("  Services most likely at the root:");
      for (SuspectService suspect : diagnosis.services()) {
        out.printf(
            "    %-20s %.2f  %s%n",
            suspect.service(),
            suspect.score(),
            abbreviate(String.join("; ", suspect.reasons()), 160));
      }
    }
    // The same numbers as the hypotheses' text: the detector's baseline mean and peak, in the
    // series' unit; a series the detector did not find moved is not listed.
    Map<String, MetricSeries> byId = new java.util.HashMap<>();
    evidence.metrics().forEach(series -> byId.put(series.id(), series));
    if (diagnosis.anomalies().isEmpty()) {
      out.println("  No metric left its baseline.");
    } else {
      out.println("  Metrics that moved, first mover first (baseline mean → peak, from onset):");
      diagnosis.anomalies().stream()
          .limit(SHOWN)
          .forEach(
              anomaly -> {
                MetricSeries series = byId.get(anomaly.evidenceId());
                MetricUnit unit = series == null ? MetricUnit.NONE : MetricUnit.of(series);
                out.printf(
                    "    %-10s %-72s %s → %s from %s%n",
                    anomaly.evidenceId(),
                    abbreviate(series == null ? anomaly.name() : describe(series, labels), 72),
                    unit.format(anomaly.baselineMean()),
                    unit.format(anomaly.peak()),
                    anomaly.onset());
              });
    }
    diagnosis.logPatterns().stream()
        .limit(3)
        .forEach(
            pattern ->
                out.printf(
                    "  %s log template: %s (%d lines)%n",
                    pattern.isNew() ? "New" : "Surging",
                    abbreviate(pattern.template(), 90),
                    pattern.incidentCount()));
    diagnosis.traces().stream()
        .limit(3)
        .forEach(
            finding ->
                out.printf(
                    "  Traces first fail in %s %s (%s), %d trace(s), path %s%n",
                    finding.service(),
                    finding.operation(),
                    finding.message(),
                    finding.traces(),
                    String.join(" → ", finding.path())));
    diagnosis.notes().forEach(note -> out.printf("  Note: %s%n", note));
    out.println();
  }

  static boolean sameAsRecorded(Evidence replayed, Evidence recorded) {
    return replayed.window().equals(recorded.window())
        && replayed.metrics().equals(recorded.metrics())
        && replayed.logs().equals(recorded.logs())
        && replayed.traces().equals(recorded.traces());
  }

  private static String abbreviate(String text, int max) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }
}
