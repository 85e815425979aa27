package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.detect.Datasets;
import dev.firebreak.analysis.detect.IsolationForestModel;
import dev.firebreak.analysis.detect.IsolationForestTrainer;
import dev.firebreak.analysis.detect.SeriesScorer;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the metrics that moved: aligns the evidence's series on their timestamps, trains a
 * per-metric isolation forest on the baseline (the first part of the window, before the
 * incident), scores the rest, and reports each metric that left its baseline with its onset
 * — so the first mover is visible — and its share of the anomaly.
 */
final class MetricAnalysis {

  /** The same detector configuration as the SMD benchmark's. */
  static final int TREES_PER_METRIC = 50;

  static final int SMOOTHING = 2;
  static final double CONTAMINATION = 0.01;

  /** Consecutive points over the threshold that make an onset, not a blip. */
  static final int ONSET_RUN = 2;

  static final int MIN_BASELINE = 10;
  static final double MIN_SIGMAS = 4;
  static final double MIN_RELATIVE = 0.05;

  private MetricAnalysis() {}

  /** The result, and why part of it could not be computed. */
  record Result(List<MetricAnomaly> anomalies, List<String> notes) {}

  static Result analyse(List<MetricSeries> series, Instant incidentStart, long seed) {
    List<String> notes = new ArrayList<>();
    List<MetricSeries> usable = series.stream().filter(s -> s.samples().size() >= 2).toList();
    if (usable.isEmpty()) {
      return new Result(List.of(), List.of("no metric series to analyse"));
    }
    TreeSet<Instant> times = new TreeSet<>();
    usable.forEach(s -> s.samples().forEach(sample -> times.add(sample.at())));
    List<Instant> grid = new ArrayList<>(times);
    double[][] rows = align(usable, grid);
    int beforeIncident = (int) grid.stream().filter(t -> t.isBefore(incidentStart)).count();
    // The change often starts before the alert fired (rate windows, for: durations): the
    // baseline is the first part of what came before, and detection covers the rest.
    int baseline = Math.max(MIN_BASELINE, (int) (beforeIncident * 0.6));
    if (beforeIncident < MIN_BASELINE || grid.size() - baseline < 1) {
      notes.add(
          "too few points before the incident ("
              + beforeIncident
              + ") to learn a"
              + " baseline; widen FIREBREAK_EVIDENCE_LOOKBACK");
      return new Result(List.of(), notes);
    }
    double[][] training = java.util.Arrays.copyOfRange(rows, 0, baseline);
    IsolationForestModel model =
        (IsolationForestModel)
            new IsolationForestTrainer(TREES_PER_METRIC, 256, CONTAMINATION, seed)
                .perFeature()
                .train(Datasets.expected("incident evidence", training));
    SeriesScorer scorer = new SeriesScorer(model, SMOOTHING);
    double[][] trainingScores = scorer.featureScores(training);
    double[][] scores = scorer.featureScores(rows);
    // Datasets names features so that the model's order is the series' order.
    List<MetricAnomaly> anomalies = new ArrayList<>();
    for (int f = 0; f < usable.size(); f++) {
      double threshold = threshold(trainingScores, f);
      double peak = 0;
      int peakAt = -1;
      for (int i = baseline; i < grid.size(); i++) {
        if (scores[i][f] > peak) {
          peak = scores[i][f];
          peakAt = i;
        }
      }
      // The onset is where the excursion that reaches the peak began: walking back from the
      // peak while the metric stays above its baseline (a one-point dip allowed), so a noise
      // blip earlier in the window is not taken for the start.
      Integer onset = null;
      if (peakAt >= 0
          && runAbove(scores, f, Math.min(peakAt, grid.size() - ONSET_RUN), threshold)) {
        int start = peakAt;
        while (start - 1 >= baseline
            && (scores[start - 1][f] >= threshold
                || (start - 2 >= baseline && scores[start - 2][f] >= threshold))) {
          start--;
        }
        onset = start;
      }
      if (onset == null) {
        continue;
      }
      double mean = 0;
      for (int i = 0; i < baseline; i++) {
        mean += rows[i][f] / baseline;
      }
      double variance = 0;
      for (int i = 0; i < baseline; i++) {
        variance += (rows[i][f] - mean) * (rows[i][f] - mean) / baseline;
      }
      double peakValue = rows[onset][f];
      int peakValueAt = onset;
      for (int i = onset; i < grid.size(); i++) {
        if (Math.abs(rows[i][f] - mean) > Math.abs(peakValue - mean)) {
          peakValue = rows[i][f];
          peakValueAt = i;
        }
      }
      // Isolation says "unlike the baseline"; a move also has to matter: beyond the
      // baseline's noise and more than a few percent of its level.
      double band = Math.max(MIN_SIGMAS * Math.sqrt(variance), MIN_RELATIVE * Math.abs(mean));
      if (Math.abs(peakValue - mean) <= band) {
        continue;
      }
      // Scores are smoothed, and a point can isolate while its value is still in the
      // baseline's band: the onset is the first point of the excursion whose value has left
      // that band, where a person looking at the graph sees it move.
      while (onset < peakValueAt && Math.abs(rows[onset][f] - mean) <= band) {
        onset++;
      }
      // Smoothing also lags: values already out of the band just before it belong to the move.
      while (onset - 1 >= baseline && Math.abs(rows[onset - 1][f] - mean) > band) {
        onset--;
      }
      double total = 0;
      for (double s : scores[peakAt]) {
        total += s;
      }
      MetricSeries s = usable.get(f);
      anomalies.add(
          new MetricAnomaly(
              s.id(),
              s.name(),
              grid.get(onset),
              peak,
              total > 0 ? scores[peakAt][f] / total : 0,
              mean,
              peakValue));
    }
    anomalies.sort(
        Comparator.comparing(MetricAnomaly::onset)
            .thenComparing(Comparator.comparingDouble(MetricAnomaly::score).reversed()));
    return new Result(anomalies, notes);
  }

  private static boolean runAbove(double[][] scores, int f, int i, double threshold) {
    if (i + ONSET_RUN > scores.length) {
      return scores[i][f] >= threshold && i == scores.length - 1;
    }
    for (int k = i; k < i + ONSET_RUN; k++) {
      if (scores[k][f] < threshold) {
        return false;
      }
    }
    return true;
  }

  /** A little above the highest baseline score: the baseline itself is never anomalous. */
  private static double threshold(double[][] trainingScores, int f) {
    double max = 0;
    for (double[] row : trainingScores) {
      max = Math.max(max, row[f]);
    }
    return Math.max(max * 1.05, 0.55);
  }

  /** Rows of values at each time; a missing value repeats the last known (or the next). */
  private static double[][] align(List<MetricSeries> series, List<Instant> grid) {
    double[][] rows = new double[grid.size()][series.size()];
    for (int f = 0; f < series.size(); f++) {
      Map<Instant, Double> values = new TreeMap<>();
      for (Sample sample : series.get(f).samples()) {
        if (Double.isFinite(sample.value())) {
          values.put(sample.at(), sample.value());
        }
      }
      Double last = values.isEmpty() ? 0.0 : values.values().iterator().next();
      for (int i = 0; i < grid.size(); i++) {
        Double value = values.get(grid.get(i));
        if (value != null) {
          last = value;
        }
        rows[i][f] = last;
      }
    }
    return rows;
  }
}
