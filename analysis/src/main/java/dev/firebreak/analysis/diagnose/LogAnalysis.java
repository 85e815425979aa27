package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.logs.BrainParser;
import dev.firebreak.analysis.logs.LogTemplate;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.LogPattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mines the evidence's log lines into templates and ranks those that are new in the incident
 * or surged against the baseline (per minute, with add-one smoothing so a template seen once
 * before does not look infinitely surged).
 */
final class LogAnalysis {

  static final double SURGE_RATIO = 3.0;
  static final int MAX_CITED_LINES = 5;

  private LogAnalysis() {}

  static List<LogPattern> analyse(
      List<LogLine> lines, Instant start, Instant incidentStart, Instant end) {
    List<LogLine> ordered = new ArrayList<>(lines);
    ordered.sort(Comparator.comparing(LogLine::at));
    List<LogTemplate> templates =
        BrainParser.defaults().parse(ordered.stream().map(LogLine::message).toList());
    Map<LogTemplate, Tally> tallies = new LinkedHashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      LogLine line = ordered.get(i);
      Tally tally = tallies.computeIfAbsent(templates.get(i), template -> new Tally());
      tally.add(line, !line.at().isBefore(incidentStart));
    }
    double baselineMinutes =
        Math.max(1, java.time.Duration.between(start, incidentStart).toSeconds() / 60.0);
    double incidentMinutes =
        Math.max(1, java.time.Duration.between(incidentStart, end).toSeconds() / 60.0);
    List<LogPattern> patterns = new ArrayList<>();
    tallies.forEach(
        (template, tally) -> {
          if (tally.incident == 0) {
            return;
          }
          double ratio =
              (tally.incident / incidentMinutes) / ((tally.baseline + 1) / baselineMinutes);
          boolean isNew = tally.baseline == 0;
          if (isNew || ratio >= SURGE_RATIO) {
            patterns.add(
                new LogPattern(
                    template.text(),
                    tally.level,
                    tally.baseline,
                    tally.incident,
                    tally.firstIncident,
                    isNew,
                    tally.cited));
          }
        });
    patterns.sort(
        Comparator.comparing((LogPattern p) -> !isError(p.level()))
            .thenComparing(p -> !p.isNew())
            .thenComparing(Comparator.comparingLong(LogPattern::incidentCount).reversed()));
    return patterns;
  }

  static boolean isError(String level) {
    return level.equals("error") || level.equals("fatal");
  }

  private static final class Tally {
    long baseline;
    long incident;
    Instant firstIncident;
    String level = "";
    final List<String> cited = new ArrayList<>();

    void add(LogLine line, boolean inIncident) {
      if (level.isEmpty() || isError(line.level())) {
        level = line.level();
      }
      if (!inIncident) {
        baseline++;
        return;
      }
      incident++;
      if (firstIncident == null) {
        firstIncident = line.at();
      }
      if (cited.size() < MAX_CITED_LINES) {
        cited.add(line.id());
      }
    }
  }
}
