package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.MetricUnit;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.TraceFinding;
import dev.firebreak.analysis.port.Llm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a language model to refine the rules' hypotheses. The model sees a redacted summary of
 * the evidence with its ids and must answer in the hypothesis shape; a claim citing an id that
 * is not in the evidence, or no id at all, is dropped, as is an unknown cause. No answer, a
 * timeout, a malformed answer or nothing left after checking: the rules' diagnosis stands,
 * with a note saying why.
 */
public final class LlmRefiner {

  private static final Logger LOG = LoggerFactory.getLogger(LlmRefiner.class);
  private static final int SHOWN = 12;

  private final Llm llm;
  private final Redactor redactor;

  public LlmRefiner(Llm llm, Redactor redactor) {
    this.llm = llm;
    this.redactor = redactor;
  }

  public Diagnosis refine(Diagnosis rules, Incident incident, Evidence evidence) {
    Set<String> known = new HashSet<>();
    evidence.metrics().forEach(s -> known.add(s.id()));
    evidence.logs().forEach(l -> known.add(l.id()));
    evidence.traces().forEach(t -> known.add(t.id()));
    List<Llm.ProposedHypothesis> proposed;
    try {
      proposed = llm.propose(system(), redactor.redact(user(rules, incident, evidence)));
    } catch (RuntimeException e) {
      LOG.warn(
          "incident {}: {} gave no usable answer, keeping the rules' diagnosis: {}",
          incident.id(),
          llm.name(),
          e.getMessage());
      return withNote(
          rules,
          llm.name()
              + " gave no usable answer ("
              + e.getMessage()
              + "); the rules' hypotheses stand");
    }
    List<Hypothesis> accepted = new ArrayList<>();
    int dropped = 0;
    for (Llm.ProposedHypothesis claim : proposed) {
      RootCause cause = cause(claim.cause());
      List<String> cited = claim.evidenceIds().stream().filter(known::contains).toList();
      if (cause == null
          || cited.isEmpty()
          || cited.size() < claim.evidenceIds().size()
          || !(claim.confidence() >= 0 && claim.confidence() <= 1)) {
        dropped++;
        continue;
      }
      accepted.add(
          new Hypothesis(
              cause,
              claim.service() == null ? "" : claim.service(),
              claim.confidence(),
              claim.explanation() == null ? "" : claim.explanation(),
              cited));
    }
    if (accepted.isEmpty()) {
      return withNote(
          rules,
          llm.name()
              + " proposed nothing that cites the evidence ("
              + dropped
              + " claims dropped); the rules' hypotheses stand");
    }
    accepted.sort(Comparator.comparingDouble(Hypothesis::confidence).reversed());
    List<String> notes = new ArrayList<>(rules.notes());
    notes.add(
        "hypotheses refined by "
            + llm.name()
            + (dropped > 0
                ? "; " + dropped + " claims dropped for citing evidence that does not exist"
                : ""));
    return new Diagnosis(
        rules.incidentId(),
        rules.run(),
        rules.createdAt(),
        "llm",
        rules.anomalies(),
        rules.logPatterns(),
        rules.traces(),
        accepted,
        rules.severity(),
        notes,
        rules.services());
  }

  private static RootCause cause(String name) {
    if (name == null) {
      return null;
    }
    try {
      return RootCause.fromWireName(name.trim().toLowerCase(Locale.ROOT).replace(' ', '_'));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Diagnosis withNote(Diagnosis rules, String note) {
    List<String> notes = new ArrayList<>(rules.notes());
    notes.add(note);
    return new Diagnosis(
        rules.incidentId(),
        rules.run(),
        rules.createdAt(),
        rules.method(),
        rules.anomalies(),
        rules.logPatterns(),
        rules.traces(),
        rules.hypotheses(),
        rules.severity(),
        notes,
        rules.services());
  }

  static String system() {
    StringBuilder causes = new StringBuilder();
    for (RootCause cause : RootCause.values()) {
      causes.append(causes.length() == 0 ? "" : ", ").append(cause.wireName());
    }
    return "You are an SRE diagnosing a production incident from the evidence below. Answer"
        + " with JSON only: {\"hypotheses\": [{\"cause\", \"service\", \"confidence\","
        + " \"explanation\", \"evidenceIds\"}]}, most likely first. cause is one of: "
        + causes
        + ". confidence is between 0 and 1. evidenceIds lists the ids (metric:N,"
        + " log:N, trace:N) of the evidence each hypothesis rests on; cite only ids that"
        + " appear below. Prefer the earliest mover and where traces first fail.";
  }

  static String user(Diagnosis rules, Incident incident, Evidence evidence) {
    StringBuilder text = new StringBuilder();
    text.append("Incident: ")
        .append(incident.title())
        .append('\n')
        .append("Service: ")
        .append(incident.service() == null ? "-" : incident.service())
        .append(", severity ")
        .append(incident.severity().wireName())
        .append(", opened ")
        .append(incident.openedAt())
        .append('\n')
        .append("Labels: ")
        .append(new TreeMap<>(incident.labels()))
        .append("\n\n");
    text.append("Metrics that moved (first mover first):\n");
    Map<String, MetricSeries> series = new HashMap<>();
    evidence.metrics().forEach(s -> series.put(s.id(), s));
    for (MetricAnomaly anomaly : rules.anomalies().stream().limit(SHOWN).toList()) {
      MetricSeries s = series.get(anomaly.evidenceId());
      MetricUnit unit = s == null ? MetricUnit.NONE : MetricUnit.of(s);
      text.append(
          String.format(
              Locale.ROOT,
              "- %s %s: from %s to %s, onset %s%n",
              anomaly.evidenceId(),
              anomaly.name(),
              unit.format(anomaly.baselineMean()),
              unit.format(anomaly.peak()),
              anomaly.onset()));
    }
    text.append("\nLog templates new or surging in the incident:\n");
    for (LogPattern pattern : rules.logPatterns().stream().limit(SHOWN).toList()) {
      text.append("- ")
          .append(String.join(",", pattern.evidenceIds()))
          .append(' ')
          .append(pattern.level())
          .append(" \"")
          .append(pattern.template())
          .append("\" ")
          .append(pattern.incidentCount())
          .append(" lines")
          .append(pattern.isNew() ? " (new)" : " (was " + pattern.baselineCount() + ")")
          .append('\n');
    }
    text.append("\nWhere failing traces first fail:\n");
    for (TraceFinding finding : rules.traces().stream().limit(SHOWN).toList()) {
      text.append("- ")
          .append(String.join(",", finding.evidenceIds()))
          .append(' ')
          .append(finding.service())
          .append(' ')
          .append(finding.operation())
          .append(" \"")
          .append(finding.message())
          .append("\" path ")
          .append(String.join(" -> ", finding.path()))
          .append('\n');
    }
    text.append("\nThe rules' hypotheses:\n");
    for (Hypothesis hypothesis : rules.hypotheses()) {
      text.append(
          String.format(
              Locale.ROOT,
              "- %s (%s) %.2f: %s [%s]%n",
              hypothesis.cause().wireName(),
              hypothesis.service(),
              hypothesis.confidence(),
              hypothesis.explanation(),
              String.join(",", hypothesis.evidenceIds())));
    }
    text.append("\nEvidence ids available: ")
        .append(evidence.metrics().size())
        .append(" metrics, ")
        .append(evidence.logs().size())
        .append(" log lines, ")
        .append(evidence.traces().size())
        .append(" traces.\n");
    return text.toString();
  }
}
