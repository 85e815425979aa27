package dev.firebreak.tests;

import java.util.Arrays;

/**
 * Precision, recall and F1 of anomaly flags against labels, point-wise or point-adjusted (Xu
 * et al. 2018: a true anomaly segment with any flagged point counts as wholly detected).
 */
record Metrics(double precision, double recall, double f1) {

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

  /**
   * The best point-wise figures over every threshold the scores allow (every distinct score),
   * not over a grid: a grid misses thresholds between its steps and under-reports whichever
   * detector's best lies there.
   */
  static Metrics bestPointWise(double[] scores, boolean[] labels) {
    double[] weights = new double[scores.length];
    Arrays.fill(weights, 1);
    return sweep(scores, weights, labels, count(labels));
  }

  /**
   * The best point-adjusted F1 over every distinct score: a segment is wholly detected from
   * the threshold at its highest score on, a normal point flags from its own score on.
   */
  static double bestPointAdjusted(double[] scores, boolean[] labels) {
    // One entry per normal point (weight 1) and per anomaly segment (its highest score, its
    // length as weight).
    double[] entryScores = new double[labels.length];
    double[] weights = new double[labels.length];
    boolean[] segment = new boolean[labels.length];
    int entries = 0;
    for (int i = 0; i < labels.length; entries++) {
      int end = i + 1;
      double max = scores[i];
      while (labels[i] && end < labels.length && labels[end]) {
        max = Math.max(max, scores[end]);
        end++;
      }
      entryScores[entries] = max;
      weights[entries] = end - i;
      segment[entries] = labels[i];
      i = end;
    }
    return sweep(
            Arrays.copyOf(entryScores, entries),
            Arrays.copyOf(weights, entries),
            Arrays.copyOf(segment, entries),
            count(labels))
        .f1();
  }

  /**
   * The area under the precision-recall curve as average precision (scikit-learn's
   * average_precision_score): the precision at each distinct score, weighted by the recall it
   * adds. Independent of any threshold.
   */
  static double averagePrecision(double[] scores, boolean[] labels) {
    Integer[] order = new Integer[scores.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    double positives = count(labels);
    double area = 0;
    double tp = 0;
    double fp = 0;
    double recalled = 0;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]]) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfItsScore = k + 1 == order.length || scores[order[k + 1]] != scores[order[k]];
      if (lastOfItsScore && tp > 0) {
        double recall = tp / positives;
        area += (recall - recalled) * tp / (tp + fp);
        recalled = recall;
      }
    }
    return area;
  }

  /** Lowers the threshold through every distinct score, keeping the best F1 seen. */
  private static Metrics sweep(
      double[] scores, double[] weights, boolean[] positive, double positives) {
    Integer[] order = new Integer[scores.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    Metrics best = new Metrics(0, 0, 0);
    double tp = 0;
    double fp = 0;
    for (int k = 0; k < order.length; k++) {
      int at = order[k];
      if (positive[at]) {
        tp += weights[at];
      } else {
        fp += weights[at];
      }
      boolean lastOfItsScore = k + 1 == order.length || scores[order[k + 1]] != scores[at];
      if (lastOfItsScore && tp > 0) {
        double precision = tp / (tp + fp);
        double recall = tp / positives;
        double f1 = 2 * precision * recall / (precision + recall);
        if (f1 > best.f1()) {
          best = new Metrics(precision, recall, f1);
        }
      }
    }
    return best;
  }

  private static long count(boolean[] labels) {
    long n = 0;
    for (boolean label : labels) {
      if (label) {
        n++;
      }
    }
    return n;
  }
}
