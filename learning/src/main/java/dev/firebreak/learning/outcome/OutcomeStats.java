package dev.firebreak.learning.outcome;

import dev.firebreak.analysis.model.Feedback;
import dev.firebreak.analysis.model.RootCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What feedback says, per root cause: how often the diagnosis named it rightly and wrongly (and
 * what it really was), and what fixed the incidents that had it. Rates carry a uniform prior
 * (Laplace's rule of succession), so one lucky incident does not decide anything: a cause never
 * judged is trusted at 1/2, one confirmed once at 2/3.
 */
public final class OutcomeStats {

  /** Feedback on one diagnosed cause. */
  public record CauseRecord(int confirmed, int corrected, Map<RootCause, Integer> correctedTo) {

    /** (confirmed + 1) / (judged + 2). */
    public double trust() {
      return (confirmed + 1.0) / (confirmed + corrected + 2.0);
    }
  }

  /** One fix of one cause: how many incidents it fixed and its share with the prior. */
  public record Fix(String action, int fixed, double share) {}

  private final Map<RootCause, CauseRecord> causes;
  private final Map<RootCause, List<Fix>> fixes;
  private final int incidents;

  private OutcomeStats(
      Map<RootCause, CauseRecord> causes, Map<RootCause, List<Fix>> fixes, int incidents) {
    this.causes = causes;
    this.fixes = fixes;
    this.incidents = incidents;
  }

  /** @param latest the latest feedback of each incident */
  public static OutcomeStats of(List<Feedback> latest) {
    Map<RootCause, int[]> judged = new EnumMap<>(RootCause.class);
    Map<RootCause, Map<RootCause, Integer>> correctedTo = new EnumMap<>(RootCause.class);
    Map<RootCause, Map<String, Integer>> fixed = new EnumMap<>(RootCause.class);
    for (Feedback feedback : latest) {
      RootCause diagnosed = feedback.diagnosedCause();
      RootCause actual = feedback.confirmedCause();
      if (diagnosed != null && (feedback.causeCorrect() != null || actual != null)) {
        boolean right =
            feedback.causeCorrect() != null ? feedback.causeCorrect() : diagnosed == actual;
        int[] counts = judged.computeIfAbsent(diagnosed, cause -> new int[2]);
        counts[right ? 0 : 1]++;
        if (!right && actual != null && actual != diagnosed) {
          correctedTo
              .computeIfAbsent(diagnosed, cause -> new TreeMap<>())
              .merge(actual, 1, Integer::sum);
        }
      }
      if (actual != null && !feedback.fixedBy().isEmpty()) {
        fixed
            .computeIfAbsent(actual, cause -> new TreeMap<>())
            .merge(feedback.fixedBy().strip().toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    Map<RootCause, CauseRecord> causes = new EnumMap<>(RootCause.class);
    judged.forEach(
        (cause, counts) ->
            causes.put(
                cause,
                new CauseRecord(counts[0], counts[1], correctedTo.getOrDefault(cause, Map.of()))));
    Map<RootCause, List<Fix>> fixes = new EnumMap<>(RootCause.class);
    fixed.forEach(
        (cause, counts) -> {
          int total = counts.values().stream().mapToInt(Integer::intValue).sum();
          List<Fix> ranked = new ArrayList<>();
          counts.forEach(
              (action, count) ->
                  ranked.add(new Fix(action, count, (count + 1.0) / (total + counts.size()))));
          ranked.sort(Comparator.comparingDouble(Fix::share).reversed().thenComparing(Fix::action));
          fixes.put(cause, List.copyOf(ranked));
        });
    return new OutcomeStats(causes, fixes, latest.size());
  }

  public int incidents() {
    return incidents;
  }

  public Map<RootCause, CauseRecord> causes() {
    return causes;
  }

  /** What fixed incidents of each cause, most often first. */
  public Map<RootCause, List<Fix>> fixes() {
    return fixes;
  }

  /**
   * How far a diagnosis should trust a cause: 1 until people have corrected it, then twice its
   * trust, at most 1 — so a cause corrected as often as confirmed keeps its weight, and one
   * corrected three times and never confirmed keeps 40 %.
   */
  public double factor(RootCause cause) {
    CauseRecord record = causes.get(cause);
    if (record == null || record.corrected() == 0) {
      return 1;
    }
    return Math.min(1, 2 * record.trust());
  }

  /** The stats as the API shows them. */
  public Map<String, Object> toMap() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("incidentsWithFeedback", incidents);
    List<Map<String, Object>> causeList = new ArrayList<>();
    for (RootCause cause : RootCause.values()) {
      CauseRecord record = causes.get(cause);
      List<Fix> fixed = fixes.getOrDefault(cause, List.of());
      if (record == null && fixed.isEmpty()) {
        continue;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("cause", cause.wireName());
      item.put("confirmed", record == null ? 0 : record.confirmed());
      item.put("corrected", record == null ? 0 : record.corrected());
      Map<String, Integer> to = new LinkedHashMap<>();
      if (record != null) {
        record.correctedTo().forEach((actual, count) -> to.put(actual.wireName(), count));
      }
      item.put("correctedTo", to);
      item.put("trust", round(record == null ? 0.5 : record.trust()));
      item.put("confidenceFactor", round(factor(cause)));
      List<Map<String, Object>> fixList = new ArrayList<>();
      for (Fix fix : fixed) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("action", fix.action());
        entry.put("fixed", fix.fixed());
        entry.put("share", round(fix.share()));
        fixList.add(entry);
      }
      item.put("fixes", fixList);
      causeList.add(item);
    }
    body.put("causes", causeList);
    return body;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
