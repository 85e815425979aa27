package dev.firebreak.analysis.detect;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One isolation tree in flat arrays (node {@code i}'s children are {@code left[i]},
 * {@code right[i]}; a leaf has {@code feature[i] == -1} and the number of training points that
 * reached it in {@code size[i]}).
 */
final class IsolationTree implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] feature;
  private final double[] split;
  private final int[] left;
  private final int[] right;
  private final int[] size;

  /** The range of the node's split feature in the tree's whole sample. */
  private final double[] low;

  private final double[] high;

  /** Features that did not vary in the tree's sample, and their one value. */
  private final int[] constantFeatures;

  private final double[] constantValues;

  private IsolationTree(
      int[] feature,
      double[] split,
      int[] left,
      int[] right,
      int[] size,
      double[] low,
      double[] high,
      int[] constantFeatures,
      double[] constantValues) {
    this.constantFeatures = constantFeatures;
    this.constantValues = constantValues;
    this.feature = feature;
    this.split = split;
    this.left = left;
    this.right = right;
    this.size = size;
    this.low = low;
    this.high = high;
  }

  /**
   * Grows a tree on the rows {@code sample} of {@code data} up to {@code maxDepth}, splitting
   * on any feature, or only on {@code onlyFeature} when it is not negative.
   */
  static IsolationTree grow(
      double[][] data, int[] sample, int maxDepth, int onlyFeature, SplittableRandom random) {
    int capacity = 2 * sample.length;
    int dimensions = data[sample[0]].length;
    double[] rootLow = new double[dimensions];
    double[] rootHigh = new double[dimensions];
    java.util.Arrays.fill(rootLow, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(rootHigh, Double.NEGATIVE_INFINITY);
    for (int row : sample) {
      for (int f = 0; f < dimensions; f++) {
        rootLow[f] = Math.min(rootLow[f], data[row][f]);
        rootHigh[f] = Math.max(rootHigh[f], data[row][f]);
      }
    }
    Builder builder = new Builder(capacity, onlyFeature, rootLow, rootHigh);
    builder.node(data, sample, 0, sample.length, 0, maxDepth, random);
    java.util.List<Integer> constant = new java.util.ArrayList<>();
    for (int f = 0; f < dimensions; f++) {
      if ((onlyFeature < 0 || f == onlyFeature) && rootLow[f] == rootHigh[f]) {
        constant.add(f);
      }
    }
    int[] constantFeatures = constant.stream().mapToInt(Integer::intValue).toArray();
    double[] constantValues = new double[constantFeatures.length];
    for (int i = 0; i < constantFeatures.length; i++) {
      constantValues[i] = rootLow[constantFeatures[i]];
    }
    return builder.build(constantFeatures, constantValues);
  }

  /**
   * The path length of {@code x}: edges to the leaf it reaches, plus the expected remaining
   * depth of the points that leaf holds (the {@code c(n)} adjustment of Liu et al.).
   *
   * @param credit when not null, adds {@code 1 / pathLength} to each feature split on the way
   */
  double pathLength(double[] x, double[] credit) {
    int node = 0;
    int depth = 0;
    int[] path = credit == null ? null : new int[64];
    // A point beyond the range of the tree's sample on a feature would have been cut off by a
    // split on that feature with probability gap / (range + gap): the expected length mixes
    // isolating it at such a node with going on. Without this, every point past the training
    // extremes scores like the most extreme training point, and a metric at ten times its
    // usual value looks barely unusual. Points within the range score as in Liu et al.
    // A feature that never varied in the sample cuts off, at the first split, any point that
    // differs on it: an error rate that was always 0 and is now 3 is as isolated as can be.
    for (int i = 0; i < constantFeatures.length; i++) {
      if (x[constantFeatures[i]] != constantValues[i]) {
        if (credit != null) {
          credit[constantFeatures[i]] += 1.0;
        }
        return 1.0;
      }
    }
    double length = 0;
    double stillOn = 1;
    while (feature[node] >= 0) {
      int f = feature[node];
      if (path != null && depth < path.length) {
        path[depth] = f;
      }
      double gap = x[f] < low[node] ? low[node] - x[f] : x[f] > high[node] ? x[f] - high[node] : 0;
      if (gap > 0) {
        double isolated = gap / (high[node] - low[node] + gap);
        length += stillOn * isolated * (depth + 1);
        stillOn *= 1 - isolated;
      }
      node = x[f] < split[node] ? left[node] : right[node];
      depth++;
    }
    length += stillOn * (depth + averagePathLength(size[node]));
    if (credit != null) {
      for (int i = 0; i < Math.min(depth, path.length); i++) {
        credit[path[i]] += 1.0 / Math.max(length, 1.0);
      }
    }
    return length;
  }

  /** The feature a single-feature tree splits on, or -1 when it is a leaf only. */
  int rootFeature() {
    return feature[0];
  }

  /** How often each feature is split on, for the model's top features. */
  void countSplits(double[] counts) {
    for (int f : feature) {
      if (f >= 0) {
        counts[f]++;
      }
    }
  }

  /** c(n): the average path length of an unsuccessful search in a binary search tree. */
  static double averagePathLength(int n) {
    if (n <= 1) {
      return 0;
    }
    if (n == 2) {
      return 1;
    }
    return 2.0 * (Math.log(n - 1.0) + 0.5772156649015329) - 2.0 * (n - 1.0) / n;
  }

  private static final class Builder {
    private int[] feature;
    private double[] split;
    private int[] left;
    private int[] right;
    private int[] size;
    private double[] low;
    private double[] high;
    private int count;
    private final int onlyFeature;
    private final double[] rootLow;
    private final double[] rootHigh;

    Builder(int capacity, int onlyFeature, double[] rootLow, double[] rootHigh) {
      this.onlyFeature = onlyFeature;
      this.rootLow = rootLow;
      this.rootHigh = rootHigh;
      feature = new int[capacity];
      split = new double[capacity];
      left = new int[capacity];
      right = new int[capacity];
      size = new int[capacity];
      low = new double[capacity];
      high = new double[capacity];
    }

    /** Builds the node for rows {@code rows[from, to)} and returns its index. */
    int node(
        double[][] data,
        int[] rows,
        int from,
        int to,
        int depth,
        int maxDepth,
        SplittableRandom random) {
      int index = count++;
      ensureCapacity();
      int n = to - from;
      feature[index] = -1;
      size[index] = n;
      if (n <= 1 || depth >= maxDepth) {
        return index;
      }
      int dimensions = onlyFeature >= 0 ? 1 : data[rows[from]].length;
      // Pick a random feature that still varies among these rows; try each at most once.
      int start = random.nextInt(dimensions);
      for (int k = 0; k < dimensions; k++) {
        int f = onlyFeature >= 0 ? onlyFeature : (start + k) % dimensions;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
          double v = data[rows[i]][f];
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        if (max > min) {
          double cut = min + random.nextDouble() * (max - min);
          if (cut <= min) {
            cut = Math.nextUp(min);
          }
          int mid = partition(data, rows, from, to, f, cut);
          feature[index] = f;
          split[index] = cut;
          low[index] = rootLow[f];
          high[index] = rootHigh[f];
          int l = node(data, rows, from, mid, depth + 1, maxDepth, random);
          int r = node(data, rows, mid, to, depth + 1, maxDepth, random);
          left[index] = l;
          right[index] = r;
          return index;
        }
      }
      return index; // every feature is constant here: a leaf
    }

    private static int partition(double[][] data, int[] rows, int from, int to, int f, double cut) {
      int i = from;
      int j = to - 1;
      while (i <= j) {
        if (data[rows[i]][f] < cut) {
          i++;
        } else {
          int t = rows[i];
          rows[i] = rows[j];
          rows[j] = t;
          j--;
        }
      }
      return i;
    }

    private void ensureCapacity() {
      if (count < feature.length) {
        return;
      }
      int grown = feature.length * 2;
      feature = java.util.Arrays.copyOf(feature, grown);
      split = java.util.Arrays.copyOf(split, grown);
      left = java.util.Arrays.copyOf(left, grown);
      right = java.util.Arrays.copyOf(right, grown);
      size = java.util.Arrays.copyOf(size, grown);
      low = java.util.Arrays.copyOf(low, grown);
      high = java.util.Arrays.copyOf(high, grown);
    }

    IsolationTree build(int[] constantFeatures, double[] constantValues) {
      return new IsolationTree(
          java.util.Arrays.copyOf(feature, count),
          java.util.Arrays.copyOf(split, count),
          java.util.Arrays.copyOf(left, count),
          java.util.Arrays.copyOf(right, count),
          java.util.Arrays.copyOf(size, count),
          java.util.Arrays.copyOf(low, count),
          java.util.Arrays.copyOf(high, count),
          constantFeatures,
          constantValues);
    }
  }
}
