package dev.firebreak.tests;

import java.util.Arrays;

/**
 * Precision, recall and F1 of anomaly flags against labels, point-wise or point-adjusted (Xu
 * et al. 2018: a true anomaly segment with any flagged point counts as wholly detected).
 */
record Metrics(double precision, double recall, double f1) {

  /** Candidate thresholds: this many score quantiles. */
  private static final int CANDIDATES = 400;

  static Metrics of(boolean[] flags, boolean[] labels) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < labels.length; i++) {
      if (flags[i] && labels[i]) {
        tp++;
      } else if (flags[i]) {
        fp++;
      } else if (labels[i]) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new Metrics(precision, recall, f1);
  }

  static boolean[] adjust(boolean[] flags, boolean[] labels) {
    boolean[] adjusted = flags.clone();
    int i = 0;
    while (i < labels.length) {
      if (!labels[i]) {
        i++;
        continue;
      }
      int j = i;
      boolean hit = false;
      while (j < labels.length && labels[j]) {
        hit |= flags[j];
        j++;
      }
      if (hit) {
        Arrays.fill(adjusted, i, j, true);
      }
      i = j;
    }
    return adjusted;
  }

  static Metrics bestPointWise(double[] scores, boolean[] labels) {
    Metrics best = new Metrics(0, 0, 0);
    for (double threshold : candidates(scores)) {
      Metrics metrics = of(flags(scores, threshold), labels);
      if (metrics.f1() > best.f1()) {
        best = metrics;
      }
    }
    return best;
  }

  static double bestPointAdjusted(double[] scores, boolean[] labels) {
    double best = 0;
    for (double threshold : candidates(scores)) {
      best = Math.max(best, of(adjust(flags(scores, threshold), labels), labels).f1());
    }
    return best;
  }

  private static boolean[] flags(double[] scores, double threshold) {
    boolean[] flags = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      flags[i] = scores[i] >= threshold;
    }
    return flags;
  }

  /** Score quantiles from the median up: thresholds flagging 50% down to a handful. */
  private static double[] candidates(double[] scores) {
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    double[] candidates = new double[CANDIDATES];
    for (int k = 0; k < CANDIDATES; k++) {
      double q = 0.5 + 0.4995 * k / (CANDIDATES - 1);
      candidates[k] = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
    return candidates;
  }
}
