package dev.firebreak.analysis.detect;

import java.util.Arrays;

/** The score threshold that flags a given share of training points. */
final class Thresholds {

  private Thresholds() {}

  /** Just above the {@code 1 - contamination} quantile of the scores. */
  static double flagging(double[] scores, double contamination) {
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    int index = (int) Math.floor((1 - contamination) * (sorted.length - 1));
    return Math.nextUp(sorted[index]);
  }
}
