package dev.firebreak.analysis.detect;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.math.la.SparseVector;
import org.tribuo.provenance.ModelProvenance;

/**
 * An isolation forest (Liu, Ting and Zhou, 2008) as a Tribuo model: the anomaly score of a
 * point is {@code 2^(-E[h(x)] / c(ψ))} over the trees, in (0, 1], higher is more anomalous;
 * points at or above the threshold are {@link Event.EventType#ANOMALOUS}. Features are
 * standardised with the training mean and deviation (isolation itself is scale-free; the
 * standardised values are what attribution and inspection see). Serialisable with Java
 * serialisation (Tribuo's protobuf format is not implemented).
 */
public final class IsolationForestModel extends Model<Event> {

  private static final long serialVersionUID = 1L;

  private final List<IsolationTree> trees;

  /** Per-metric forests: the feature each tree isolates on; empty for a classic forest. */
  private final int[] treeFeature;

  private final double[] mean;
  private final double[] scale;
  private final int subsampleSize;
  private final double threshold;

  IsolationForestModel(
      String name,
      ModelProvenance provenance,
      ImmutableFeatureMap features,
      ImmutableOutputInfo<Event> outputs,
      List<IsolationTree> trees,
      int[] treeFeature,
      double[] mean,
      double[] scale,
      int subsampleSize,
      double threshold) {
    super(name, provenance, features, outputs, false);
    this.trees = List.copyOf(trees);
    this.treeFeature = treeFeature.clone();
    this.mean = mean.clone();
    this.scale = scale.clone();
    this.subsampleSize = subsampleSize;
    this.threshold = threshold;
  }

  /**
   * The feature names in the order dense vectors use ({@link #score(double[])},
   * {@link #featureScores}, {@link SeriesScorer}): Tribuo orders features by name.
   */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>(mean.length);
    for (int i = 0; i < mean.length; i++) {
      names.add(featureIDMap.get(i).getName());
    }
    return names;
  }

  /** The score at or above which a point is anomalous. */
  public double threshold() {
    return threshold;
  }

  @Override
  public Prediction<Event> predict(Example<Event> example) {
    SparseVector vector = SparseVector.createSparseVector(example, featureIDMap, false);
    if (vector.numActiveElements() == 0) {
      throw new IllegalArgumentException("the example has no feature this model knows");
    }
    double score = score(standardise(vector.toArray()), null);
    Event.EventType type =
        score >= threshold ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED;
    return new Prediction<>(new Event(type, score), vector.numActiveElements(), example);
  }

  /** The anomaly score of a dense feature vector in this model's feature order. */
  public double score(double[] features) {
    return score(standardise(features), null);
  }

  /**
   * How much each feature contributed to isolating the point: every split on a feature along
   * a point's path adds {@code 1 / pathLength} (short paths — anomalies — weigh more),
   * normalised to sum to 1. Feature names map to their shares, largest first.
   */
  public Map<String, Double> attribution(Example<Event> example) {
    SparseVector vector = SparseVector.createSparseVector(example, featureIDMap, false);
    return attribution(vector.toArray());
  }

  /** {@link #attribution(Example)} for a dense vector in this model's feature order. */
  public Map<String, Double> attribution(double[] features) {
    double[] credit = new double[mean.length];
    score(standardise(features), credit);
    double total = 0;
    for (double c : credit) {
      total += c;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < credit.length; i++) {
      if (credit[i] > 0) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparingDouble((Integer i) -> credit[i]).reversed());
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int i : order) {
      shares.put(featureIDMap.get(i).getName(), credit[i] / total);
    }
    return shares;
  }

  /** Whether each feature has its own trees and the score is the most anomalous feature's. */
  public boolean perFeature() {
    return treeFeature.length > 0;
  }

  /**
   * Per-feature scores of a dense vector: in a per-feature forest each feature's own isolation
   * score; in a classic forest the overall score shared out by {@link #attribution}.
   */
  public double[] featureScores(double[] features) {
    double[] z = standardise(features);
    if (!perFeature()) {
      double[] credit = new double[mean.length];
      double score = score(z, credit);
      double total = 0;
      for (double c : credit) {
        total += c;
      }
      for (int i = 0; i < credit.length; i++) {
        credit[i] = total > 0 ? score * credit[i] / total : 0;
      }
      return credit;
    }
    return featureScoresOfStandardised(z);
  }

  private double[] featureScoresOfStandardised(double[] z) {
    double[] sum = new double[mean.length];
    int[] count = new int[mean.length];
    for (int t = 0; t < trees.size(); t++) {
      sum[treeFeature[t]] += trees.get(t).pathLength(z, null);
      count[treeFeature[t]]++;
    }
    double c = IsolationTree.averagePathLength(subsampleSize);
    double[] scores = new double[mean.length];
    for (int f = 0; f < scores.length; f++) {
      scores[f] = count[f] == 0 ? 0 : Math.pow(2, -(sum[f] / count[f]) / c);
    }
    return scores;
  }

  private double score(double[] standardised, double[] credit) {
    if (perFeature()) {
      double[] scores = featureScoresOfStandardised(standardised);
      double max = 0;
      for (int f = 0; f < scores.length; f++) {
        max = Math.max(max, scores[f]);
        if (credit != null) {
          credit[f] += scores[f];
        }
      }
      return max;
    }
    double total = 0;
    for (IsolationTree tree : trees) {
      total += tree.pathLength(standardised, credit);
    }
    double expected = total / trees.size();
    return Math.pow(2, -expected / IsolationTree.averagePathLength(subsampleSize));
  }

  private double[] standardise(double[] raw) {
    double[] z = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      z[i] = (raw[i] - mean[i]) / scale[i];
    }
    return z;
  }

  /** Features by how often the trees split on them. */
  @Override
  public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
    double[] counts = new double[mean.length];
    for (IsolationTree tree : trees) {
      tree.countSplits(counts);
    }
    List<Pair<String, Double>> top = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      top.add(new Pair<>(featureIDMap.get(i).getName(), counts[i]));
    }
    top.sort(Comparator.comparingDouble((Pair<String, Double> p) -> p.getB()).reversed());
    int limit = n < 0 ? top.size() : Math.min(n, top.size());
    return Map.of(Model.ALL_OUTPUTS, top.subList(0, limit));
  }

  @Override
  public Optional<Excuse<Event>> getExcuse(Example<Event> example) {
    return Optional.empty();
  }

  @Override
  protected IsolationForestModel copy(String newName, ModelProvenance newProvenance) {
    return new IsolationForestModel(
        newName,
        newProvenance,
        featureIDMap,
        outputIDInfo,
        trees,
        treeFeature,
        mean,
        scale,
        subsampleSize,
        threshold);
  }
}
