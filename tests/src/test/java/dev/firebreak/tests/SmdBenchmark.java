package dev.firebreak.tests;

import dev.firebreak.analysis.detect.Datasets;
import dev.firebreak.analysis.detect.IsolationForestModel;
import dev.firebreak.analysis.detect.IsolationForestTrainer;
import dev.firebreak.analysis.detect.SeriesScorer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;

/**
 * SMD benchmark (Server Machine Dataset, machines 1-7 and 2-1 in {@code ../shared/data/smd},
 * read in place): trains on {@code train/}, scores {@code test/}, and prints precision, recall
 * and F1 point-wise and point-adjusted, at the best threshold (as papers report) and at each
 * detector's own threshold (as users live with), for Firebreak's isolation forest (classic and
 * per-metric), Tribuo's one-class SVM and scikit-learn's IsolationForest (the reference peer,
 * run in the same invocation). Run by {@code scripts/bench-smd.sh}.
 */
public final class SmdBenchmark {

  /** One configuration for every machine: the incident-time detector's. */
  static final int SMOOTHING = 2;

  static final double CONTAMINATION = 0.01;
  static final int TREES_PER_METRIC = 50;

  /** Tribuo's one-class SVM is quadratic in the training size: it gets a sample. */
  static final int SVM_TRAINING_SAMPLE = 4000;

  private SmdBenchmark() {}

  record Result(
      String detector,
      double[] scores,
      boolean[] ownFlags,
      double trainSeconds,
      double scoreSeconds) {}

  public static void main(String[] args) throws Exception {
    Path data = Repository.root().resolveSibling("shared").resolve("data/smd");
    System.out.println(
        "| machine | detector | best PW P / R / F1 | best PA F1 | own-threshold"
            + " PW F1 / PA F1 | train s | score s |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (String machine : List.of("machine-1-7", "machine-2-1")) {
      double[][] train = read(data.resolve("train/" + machine + ".txt"));
      double[][] test = read(data.resolve("test/" + machine + ".txt"));
      boolean[] labels = labels(data.resolve("test_label/" + machine + ".txt"));
      List<Result> results = new ArrayList<>();
      results.add(firebreak(train, test, false, 1));
      results.add(firebreak(train, test, true, SMOOTHING));
      results.add(oneClassSvm(train, test));
      results.add(sklearn(data, machine));
      for (Result result : results) {
        Metrics best = Metrics.bestPointWise(result.scores(), labels);
        double bestPa = Metrics.bestPointAdjusted(result.scores(), labels);
        Metrics own = Metrics.of(result.ownFlags(), labels);
        Metrics ownPa = Metrics.of(Metrics.adjust(result.ownFlags(), labels), labels);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.3f / %.3f / %.3f | %.3f | %.3f / %.3f | %.1f | %.1f |%n",
            machine,
            result.detector(),
            best.precision(),
            best.recall(),
            best.f1(),
            bestPa,
            own.f1(),
            ownPa.f1(),
            result.trainSeconds(),
            result.scoreSeconds());
      }
    }
  }

  private static Result firebreak(
      double[][] train, double[][] test, boolean perFeature, int smoothing) {
    long t0 = System.nanoTime();
    IsolationForestTrainer trainer = IsolationForestTrainer.defaults(1L);
    if (perFeature) {
      trainer = new IsolationForestTrainer(TREES_PER_METRIC, 256, CONTAMINATION, 1L).perFeature();
    }
    IsolationForestModel model =
        (IsolationForestModel) trainer.train(Datasets.expected("smd", train));
    SeriesScorer scorer = new SeriesScorer(model, smoothing);
    double threshold = scorer.threshold(train, CONTAMINATION);
    long t1 = System.nanoTime();
    double[] scores = scorer.scores(test);
    boolean[] flags = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      flags[i] = scores[i] >= threshold;
    }
    long t2 = System.nanoTime();
    String name =
        perFeature
            ? "Firebreak isolation forest, per-metric ("
                + TREES_PER_METRIC
                + " trees each), "
                + smoothing
                + "-point smoothing"
            : "Firebreak isolation forest, classic (100 trees)";
    return new Result(name, scores, flags, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  private static Result oneClassSvm(double[][] train, double[][] test) {
    long t0 = System.nanoTime();
    SplittableRandom random = new SplittableRandom(1);
    int[] order = random.ints(0, train.length).distinct().limit(SVM_TRAINING_SAMPLE).toArray();
    double[][] sample = new double[order.length][];
    for (int i = 0; i < order.length; i++) {
      sample[i] = train[order[i]];
    }
    SVMParameters<Event> parameters =
        new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
    parameters.setGamma(1.0 / train[0].length);
    parameters.setNu(CONTAMINATION);
    Model<Event> model =
        new LibSVMAnomalyTrainer(parameters).train(Datasets.expected("smd", sample));
    long t1 = System.nanoTime();
    MutableDataset<Event> testSet = Datasets.expected("smd", test);
    double[] scores = new double[test.length];
    boolean[] flags = new boolean[test.length];
    int i = 0;
    for (Prediction<Event> prediction : model.predict(testSet)) {
      // Negative decision values are anomalous: negate so that higher is more anomalous.
      scores[i] = -prediction.getOutput().getScore();
      flags[i] = prediction.getOutput().getType() == Event.EventType.ANOMALOUS;
      i++;
    }
    long t2 = System.nanoTime();
    return new Result(
        "Tribuo one-class SVM (RBF, nu 0.01, " + SVM_TRAINING_SAMPLE + " training points)",
        scores,
        flags,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);
  }

  private static Result sklearn(Path data, String machine)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "/usr/bin/python3",
                Repository.root().resolve("tests/bench/smd_sklearn.py").toString(),
                data.resolve("train/" + machine + ".txt").toString(),
                data.resolve("test/" + machine + ".txt").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<Double> scores = new ArrayList<>();
    List<Boolean> flags = new ArrayList<>();
    double train = 0;
    double score = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        String[] parts = line.split(" ");
        if (parts[0].equals("#")) {
          train = Double.parseDouble(parts[1]);
          score = Double.parseDouble(parts[2]);
        } else {
          scores.add(Double.parseDouble(parts[0]));
          flags.add(parts[1].equals("1"));
        }
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          "the scikit-learn peer failed (is python3-sklearn"
              + " installed? scripts/bench-smd.sh installs it)");
    }
    boolean[] own = new boolean[flags.size()];
    for (int i = 0; i < own.length; i++) {
      own[i] = flags.get(i);
    }
    return new Result(
        "scikit-learn IsolationForest 1.2 (100 trees, 256 samples)",
        scores.stream().mapToDouble(Double::doubleValue).toArray(),
        own,
        train,
        score);
  }

  static double[][] read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    double[][] rows = new double[lines.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
    }
    return rows;
  }

  static boolean[] labels(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    boolean[] labels = new boolean[lines.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = lines.get(i).trim().equals("1");
    }
    return labels;
  }
}
