package dev.firebreak.analysis.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Non-parametric dynamic thresholding (Hundman et al., "Detecting Spacecraft Anomalies Using
 * LSTMs and Nonparametric Dynamic Thresholding", KDD 2018), as its reference implementation
 * (telemanom's {@code errors.py}) does it, over a stream of anomaly scores. In each window of
 * the stream the threshold is {@code mean + z·sd} of the window's own scores, with z in 2.5 to
 * 12 by 0.5 chosen to remove the most of the window's mean and spread with the fewest flagged
 * points and sequences; flagged sequences whose peak is not clearly above the next one's are
 * pruned. The threshold follows the scores' own level, so a metric whose level never occurred
 * in training does not flag everything after it, as a threshold from training alone does.
 *
 * <p>Parameters are the reference's defaults: windows of 30 batches of 70 points, flagged
 * points widened by 100 on each side, sequences pruned below a 13 % decrease.
 */
public final class DynamicThreshold {

  static final int BATCH = 70;
  static final int WINDOW_BATCHES = 30;
  static final int BUFFER = 100;
  static final double MIN_DECREASE = 0.13;
  private static final double Z_MAX = 12;

  private DynamicThreshold() {}

  /** Which points of {@code scores} (in order, higher is more anomalous) are anomalous. */
  public static boolean[] flags(double[] scores) {
    boolean[] flags = new boolean[scores.length];
    int window = BATCH * WINDOW_BATCHES;
    int windows = Math.max(1, (scores.length - window) / BATCH + 1);
    for (int w = 0; w < windows; w++) {
      int from = w * BATCH;
      int to = w == windows - 1 ? scores.length : Math.min(scores.length, from + window);
      for (int[] sequence : window(Arrays.copyOfRange(scores, from, to))) {
        for (int i = sequence[0]; i <= sequence[1]; i++) {
          flags[from + i] = true;
        }
      }
    }
    return flags;
  }

  /** The anomalous sequences of one window, as [first, last] indices into it. */
  static List<int[]> window(double[] e) {
    double mean = mean(e);
    double sd = sd(e, mean);
    if (sd == 0 || mean == 0) {
      return List.of();
    }
    double bestScore = Double.NEGATIVE_INFINITY;
    double epsilon = mean + Z_MAX * sd;
    for (double z = 2.5; z < Z_MAX; z += 0.5) {
      double candidate = mean + z * sd;
      boolean[] above = widened(e, candidate);
      int flagged = 0;
      for (boolean a : above) {
        flagged += a ? 1 : 0;
      }
      if (flagged == 0) {
        continue;
      }
      double[] pruned = Arrays.stream(e).filter(v -> v < candidate).toArray();
      if (pruned.length == 0) {
        continue;
      }
      double prunedMean = mean(pruned);
      double meanDecrease = (mean - prunedMean) / mean;
      double sdDecrease = (sd - sd(pruned, prunedMean)) / sd;
      int sequences = 0;
      for (int[] run : runs(above)) {
        sequences += run[0] == run[1] ? 0 : 1;
      }
      double score = (meanDecrease + sdDecrease) / (sequences * (double) sequences + flagged);
      if (score >= bestScore && sequences <= 5 && flagged < e.length * 0.5) {
        bestScore = score;
        epsilon = candidate;
      }
    }
    List<int[]> sequences = new ArrayList<>(runs(widened(e, epsilon)));
    sequences.removeIf(run -> run[0] == run[1]);
    return prune(e, sequences, epsilon);
  }

  /** Points at or above the threshold, each widened by the buffer on both sides. */
  private static boolean[] widened(double[] e, double threshold) {
    boolean[] out = new boolean[e.length];
    for (int i = 0; i < e.length; i++) {
      if (e[i] >= threshold) {
        for (int k = Math.max(0, i - BUFFER + 1); k < Math.min(e.length, i + BUFFER); k++) {
          out[k] = true;
        }
      }
    }
    return out;
  }

  private static List<int[]> runs(boolean[] flags) {
    List<int[]> runs = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= flags.length; i++) {
      boolean on = i < flags.length && flags[i];
      if (on && start < 0) {
        start = i;
      } else if (!on && start >= 0) {
        runs.add(new int[] {start, i - 1});
        start = -1;
      }
    }
    return runs;
  }

  /**
   * Keeps the sequences whose peak stands clearly above the rest: peaks sorted down, the
   * highest score outside them last; the sequences after the last step that falls by more
   * than the minimum decrease are dropped.
   */
  private static List<int[]> prune(double[] e, List<int[]> sequences, double epsilon) {
    if (sequences.isEmpty()) {
      return sequences;
    }
    double[] peaks = new double[sequences.size()];
    for (int s = 0; s < sequences.size(); s++) {
      double peak = Double.NEGATIVE_INFINITY;
      for (int i = sequences.get(s)[0]; i <= sequences.get(s)[1]; i++) {
        peak = Math.max(peak, e[i]);
      }
      peaks[s] = peak;
    }
    Integer[] order = new Integer[peaks.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(peaks[b], peaks[a]));
    double[] sorted = new double[peaks.length + 1];
    for (int i = 0; i < order.length; i++) {
      sorted[i] = peaks[order[i]];
    }
    // After the last peak comes the highest score outside every sequence.
    boolean[] inside = new boolean[e.length];
    for (int[] sequence : sequences) {
      Arrays.fill(inside, sequence[0], sequence[1] + 1, true);
    }
    double outside = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < e.length; i++) {
      if (!inside[i]) {
        outside = Math.max(outside, e[i]);
      }
    }
    sorted[peaks.length] = outside == Double.NEGATIVE_INFINITY ? epsilon : outside;
    // The reference keeps every sequence down to the last step that still decreases enough.
    int keep = 0;
    for (int i = 0; i < peaks.length; i++) {
      double decrease = (sorted[i] - sorted[i + 1]) / sorted[i];
      if (decrease > MIN_DECREASE) {
        keep = i + 1;
      }
    }
    List<int[]> kept = new ArrayList<>();
    for (int i = 0; i < keep; i++) {
      kept.add(sequences.get(order[i]));
    }
    return kept;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double sd(double[] values, double mean) {
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / values.length);
  }
}
