package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.SuspectService;
import dev.firebreak.analysis.model.TraceFinding;
import dev.firebreak.analysis.model.TraceSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Ranks the services an incident's evidence names by how likely the incident began in each —
 * the alerting service is often the victim of one it calls. Three kinds of evidence count, as
 * the trace-based root-cause methods (MicroRank, Nezha) and the metric-based ones (BARO's
 * "which service moved first") use them:
 *
 * <ul>
 *   <li>where failing traces begin (half the score, by share of failing traces): the service of
 *       the deepest failing span, or the service it was calling when that span is a failed
 *       call to a service that is itself traced — a callee that answered too slowly or wrongly
 *       is the origin, an untraced dependency is the caller's dependency;
 *   <li>the service's own cause evidence (its resources, pools, heap, deploys; 0.3), and
 *       whether it moved before every other service's (0.1);
 *   <li>whether its error and latency symptoms moved first (0.1), and being the alerting
 *       service (0.05, so that with no other evidence the alert's service leads).
 * </ul>
 *
 * <p>The weights order the kinds of evidence (a trace that begins in a service says more than
 * a resource that moved there, which says more than a symptom); they are not fitted to a suite.
 * Ties go to the service with more evidence, then by name, so the ranking never depends on the
 * order evidence arrived in.
 */
final class ServiceRanking {

  static final double TRACE_WEIGHT = 0.5;
  static final double CAUSE_WEIGHT = 0.3;
  static final double FIRST_CAUSE_WEIGHT = 0.1;
  static final double FIRST_SYMPTOM_WEIGHT = 0.1;
  static final double ALERTING_WEIGHT = 0.05;
  private static final int MAX_RANKED = 5;

  private final Map<String, Suspect> suspects = new LinkedHashMap<>();

  /** A piece of the service's own cause evidence (not a symptom, not a trace). */
  void cause(String service, String reason, String evidenceId, Instant onset) {
    if (service == null || service.isEmpty()) {
      return;
    }
    Suspect suspect = suspect(service);
    suspect.causes.add(new Moved(reason, evidenceId, onset));
  }

  /** One of the service's symptoms (its errors, latency, request rate) that moved. */
  void symptom(String service, String evidenceId, Instant onset) {
    if (service == null || service.isEmpty()) {
      return;
    }
    Suspect suspect = suspect(service);
    suspect.symptomIds.add(evidenceId);
    if (suspect.firstSymptom == null || onset.isBefore(suspect.firstSymptom)) {
      suspect.firstSymptom = onset;
    }
  }

  /** Where the failing traces begin; see the class comment for the callee rule. */
  void traces(List<TraceFinding> findings, List<TraceSummary> traces) {
    Set<String> traced = new HashSet<>();
    for (TraceSummary trace : traces) {
      for (Span span : trace.spans()) {
        traced.add(span.service());
      }
    }
    long failing = findings.stream().mapToLong(TraceFinding::traces).sum();
    if (failing == 0) {
      return;
    }
    for (TraceFinding finding : findings) {
      String origin = originOf(finding, traced);
      Suspect suspect = suspect(origin);
      suspect.traceShare += finding.traces() / (double) failing;
      suspect.traceIds.addAll(finding.evidenceIds());
      String where =
          origin.equals(finding.service())
              ? "in " + finding.service() + " " + finding.operation()
              : "at calls from " + finding.service() + " to " + origin;
      suspect.traceReasons.add(
          finding.traces()
              + " of "
              + failing
              + " failing traces begin "
              + where
              + (finding.message().isEmpty() ? "" : " (\"" + finding.message() + "\")"));
    }
  }

  /** The service failing traces of this finding begin in. */
  static String originOf(TraceFinding finding, Set<String> traced) {
    List<String> path = finding.path();
    String callee = path.isEmpty() ? finding.service() : path.get(path.size() - 1);
    return !callee.equals(finding.service()) && traced.contains(callee)
        ? callee
        : finding.service();
  }

  /** The ranking, most likely first; the alerting service is always a candidate. */
  List<SuspectService> rank(String alerting) {
    if (alerting != null && !alerting.isEmpty()) {
      suspect(alerting).alerting = true;
    }
    Optional<Instant> firstCause =
        suspects.values().stream()
            .map(Suspect::firstCause)
            .flatMap(Optional::stream)
            .min(Comparator.naturalOrder());
    Optional<Instant> firstSymptom =
        suspects.values().stream()
            .map(s -> s.firstSymptom)
            .filter(Objects::nonNull)
            .min(Comparator.naturalOrder());
    // Moving first says something only when one service did: a tie (one scrape saw them all
    // move) orders nothing.
    Instant soleFirstCause =
        firstCause
            .filter(
                at ->
                    suspects.values().stream()
                            .filter(s -> s.firstCause().equals(Optional.of(at)))
                            .count()
                        == 1)
            .orElse(null);
    Instant soleFirstSymptom =
        firstSymptom
            .filter(
                at ->
                    suspects.values().stream().filter(s -> at.equals(s.firstSymptom)).count() == 1)
            .orElse(null);
    boolean severalServices = suspects.size() > 1;
    List<Scored> scored = new ArrayList<>();
    for (Map.Entry<String, Suspect> entry : suspects.entrySet()) {
      scored.add(
          entry
              .getValue()
              .score(entry.getKey(), soleFirstCause, soleFirstSymptom, severalServices));
    }
    scored.sort(
        Comparator.comparingDouble((Scored s) -> s.suspect.score())
            .reversed()
            .thenComparing(Comparator.comparingInt((Scored s) -> s.weight).reversed())
            .thenComparing(s -> s.suspect.service()));
    return scored.stream().limit(MAX_RANKED).map(s -> s.suspect).toList();
  }

  private Suspect suspect(String service) {
    return suspects.computeIfAbsent(service, s -> new Suspect());
  }

  private record Moved(String reason, String evidenceId, Instant onset) {}

  private record Scored(SuspectService suspect, int weight) {}

  private static final class Suspect {
    double traceShare;
    final List<String> traceReasons = new ArrayList<>();
    final Set<String> traceIds = new LinkedHashSet<>();
    final List<Moved> causes = new ArrayList<>();
    final Set<String> symptomIds = new LinkedHashSet<>();
    Instant firstSymptom;
    boolean alerting;

    Optional<Instant> firstCause() {
      return causes.stream()
          .map(Moved::onset)
          .filter(Objects::nonNull)
          .min(Comparator.naturalOrder());
    }

    Scored score(
        String service, Instant firstCauseOfAll, Instant firstSymptomOfAll, boolean several) {
      double score = TRACE_WEIGHT * Math.min(1, traceShare);
      List<String> reasons = new ArrayList<>(traceReasons);
      Set<String> ids = new LinkedHashSet<>(traceIds);
      if (!causes.isEmpty()) {
        score += CAUSE_WEIGHT;
        Optional<Instant> first = firstCause();
        boolean earliest = several && first.isPresent() && first.get().equals(firstCauseOfAll);
        if (earliest) {
          score += FIRST_CAUSE_WEIGHT;
        }
        causes.stream().limit(3).forEach(moved -> reasons.add("its own " + moved.reason()));
        if (earliest) {
          reasons.add("its own evidence moved before any other service's");
        }
        causes.forEach(moved -> ids.add(moved.evidenceId()));
      }
      if (several && firstSymptom != null && firstSymptom.equals(firstSymptomOfAll)) {
        score += FIRST_SYMPTOM_WEIGHT;
        reasons.add("its errors or latency moved first, at " + firstSymptom);
        ids.addAll(symptomIds);
      } else if (firstSymptom != null) {
        reasons.add("its errors or latency moved, from " + firstSymptom + ", not before others'");
        ids.addAll(symptomIds);
      }
      if (alerting) {
        score += ALERTING_WEIGHT;
        reasons.add("the alert fires on it");
      }
      int weight = traceIds.size() + causes.size() + symptomIds.size();
      return new Scored(
          new SuspectService(
              service, Math.round(Math.min(1, score) * 100) / 100.0, reasons, List.copyOf(ids)),
          weight);
    }
  }
}
