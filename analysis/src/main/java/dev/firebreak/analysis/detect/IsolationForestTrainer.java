package dev.firebreak.analysis.detect;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.math.la.SparseVector;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * Trains an {@link IsolationForestModel}. Tribuo 4.3 has one-class SVMs but no isolation
 * forest, so this is written here, as a Tribuo trainer: provenance, configuration and
 * {@code AnomalyEvaluator} work as for Tribuo's own. Training labels are ignored (isolation is
 * unsupervised); the threshold is the training score quantile that flags {@code contamination}
 * of the training points, unless a fixed {@code scoreThreshold} is set.
 */
public final class IsolationForestTrainer implements Trainer<Event> {

  @Config(description = "Number of trees.")
  private int numTrees = 100;

  @Config(description = "Points sampled (without replacement) to grow each tree.")
  private int subsampleSize = 256;

  @Config(description = "Share of training points expected to be anomalous; sets the threshold.")
  private double contamination = 0.01;

  @Config(description = "A fixed score threshold in (0, 1]; overrides contamination when > 0.")
  private double scoreThreshold = 0;

  @Config(
      description =
          "Grow numTrees trees per feature, each splitting on that feature only,"
              + " and score a point by its most anomalous feature (a per-metric forest).")
  private boolean perFeature = false;

  @Config(description = "Seed of the random number generator.")
  private long seed = Trainer.DEFAULT_SEED;

  private int invocationCount = 0;

  /** For OLCUT configuration. */
  private IsolationForestTrainer() {}

  public IsolationForestTrainer(int numTrees, int subsampleSize, double contamination, long seed) {
    this.numTrees = numTrees;
    this.subsampleSize = subsampleSize;
    this.contamination = contamination;
    this.seed = seed;
    postConfig();
  }

  /** A trainer with the usual parameters: 100 trees of 256 points, 1% contamination. */
  public static IsolationForestTrainer defaults(long seed) {
    return new IsolationForestTrainer(100, 256, 0.01, seed);
  }

  /** The same trainer with a fixed score threshold instead of a contamination quantile. */
  public IsolationForestTrainer withScoreThreshold(double threshold) {
    IsolationForestTrainer copy = copy();
    copy.scoreThreshold = threshold;
    copy.postConfig();
    return copy;
  }

  /**
   * The same trainer growing {@code numTrees} single-feature trees per feature and scoring a
   * point by its most anomalous feature: every score then names the metric behind it, and a
   * metric that alone moves far is not diluted by the many that did not.
   */
  public IsolationForestTrainer perFeature() {
    IsolationForestTrainer copy = copy();
    copy.perFeature = true;
    return copy;
  }

  private IsolationForestTrainer copy() {
    IsolationForestTrainer copy =
        new IsolationForestTrainer(numTrees, subsampleSize, contamination, seed);
    copy.scoreThreshold = scoreThreshold;
    copy.perFeature = perFeature;
    return copy;
  }

  @Override
  public void postConfig() {
    if (numTrees < 1 || subsampleSize < 2) {
      throw new IllegalArgumentException("need at least 1 tree of at least 2 points");
    }
    if (!(contamination >= 0 && contamination < 0.5)) {
      throw new IllegalArgumentException("contamination must be in [0, 0.5)");
    }
    if (scoreThreshold < 0 || scoreThreshold > 1) {
      throw new IllegalArgumentException("scoreThreshold must be in (0, 1], or 0 for none");
    }
  }

  @Override
  public Model<Event> train(Dataset<Event> examples, Map<String, Provenance> runProvenance) {
    return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
  }

  @Override
  public synchronized IsolationForestModel train(
      Dataset<Event> examples, Map<String, Provenance> runProvenance, int invocation) {
    if (examples.size() < 2) {
      throw new IllegalArgumentException("an isolation forest needs at least 2 points");
    }
    if (invocation != INCREMENT_INVOCATION_COUNT) {
      setInvocationCount(invocation);
    }
    SplittableRandom random = new SplittableRandom(seed + invocationCount);
    TrainerProvenance trainerProvenance = getProvenance();
    invocationCount++;

    ImmutableFeatureMap features = examples.getFeatureIDMap();
    double[][] data = new double[examples.size()][];
    int row = 0;
    for (Example<Event> example : examples) {
      data[row++] = SparseVector.createSparseVector(example, features, false).toArray();
    }
    int dimensions = features.size();
    double[] mean = new double[dimensions];
    double[] scale = new double[dimensions];
    standardisation(data, mean, scale);
    double[][] z = new double[data.length][];
    for (int i = 0; i < data.length; i++) {
      z[i] = new double[dimensions];
      for (int f = 0; f < dimensions; f++) {
        z[i][f] = (data[i][f] - mean[f]) / scale[f];
      }
    }
    int psi = Math.min(subsampleSize, z.length);
    int maxDepth = (int) Math.ceil(Math.log(psi) / Math.log(2));
    List<IsolationTree> trees = new ArrayList<>(numTrees);
    List<Integer> treeFeatures = new ArrayList<>();
    int[] all = new int[z.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    if (perFeature) {
      for (int f = 0; f < dimensions; f++) {
        for (int t = 0; t < numTrees; t++) {
          trees.add(IsolationTree.grow(z, sample(all, psi, random), maxDepth, f, random));
          treeFeatures.add(f);
        }
      }
    } else {
      for (int t = 0; t < numTrees; t++) {
        trees.add(IsolationTree.grow(z, sample(all, psi, random), maxDepth, -1, random));
      }
    }
    int[] treeFeature = treeFeatures.stream().mapToInt(Integer::intValue).toArray();
    ModelProvenance provenance =
        new ModelProvenance(
            IsolationForestModel.class.getName(),
            OffsetDateTime.now(),
            examples.getProvenance(),
            trainerProvenance,
            runProvenance);
    IsolationForestModel unthresholded =
        new IsolationForestModel(
            "isolation-forest",
            provenance,
            features,
            examples.getOutputIDInfo(),
            trees,
            treeFeature,
            mean,
            scale,
            psi,
            Double.POSITIVE_INFINITY);
    double threshold = scoreThreshold > 0 ? scoreThreshold : quantile(unthresholded, data);
    return new IsolationForestModel(
        "isolation-forest",
        provenance,
        features,
        examples.getOutputIDInfo(),
        trees,
        treeFeature,
        mean,
        scale,
        psi,
        threshold);
  }

  private double quantile(IsolationForestModel model, double[][] data) {
    double[] scores = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      scores[i] = model.score(data[i]);
    }
    return Thresholds.flagging(scores, contamination);
  }

  /** Mean and deviation per feature; a constant feature gets scale 1 (it never splits). */
  private static void standardisation(double[][] data, double[] mean, double[] scale) {
    int n = data.length;
    for (double[] row : data) {
      for (int f = 0; f < mean.length; f++) {
        mean[f] += row[f] / n;
      }
    }
    for (double[] row : data) {
      for (int f = 0; f < mean.length; f++) {
        double d = row[f] - mean[f];
        scale[f] += d * d / n;
      }
    }
    for (int f = 0; f < scale.length; f++) {
      scale[f] = Math.sqrt(scale[f]);
      if (!(scale[f] > 1e-9)) {
        scale[f] = 1;
      }
    }
  }

  private static int[] sample(int[] all, int size, SplittableRandom random) {
    int[] pool = all.clone();
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(pool.length - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return Arrays.copyOf(pool, size);
  }

  @Override
  public int getInvocationCount() {
    return invocationCount;
  }

  @Override
  public synchronized void setInvocationCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("invocation count must be >= 0");
    }
    invocationCount = count;
  }

  @Override
  public TrainerProvenance getProvenance() {
    return new TrainerProvenanceImpl(this);
  }

  @Override
  public String toString() {
    return "IsolationForestTrainer(numTrees="
        + numTrees
        + ",subsampleSize="
        + subsampleSize
        + ",contamination="
        + contamination
        + ",scoreThreshold="
        + scoreThreshold
        + ",perFeature="
        + perFeature
        + ",seed="
        + seed
        + ")";
  }
}
