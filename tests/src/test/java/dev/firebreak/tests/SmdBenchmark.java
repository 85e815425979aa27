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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;

/**
 * SMD benchmark (Server Machine Dataset): every machine in an SMD-layout folder ({@code
 * train/}, {@code test/}, {@code test_label/}, optionally {@code interpretation_label/}; {@code
 * ../shared/data/smd} unless a folder is given, read in place). Trains on {@code train/}, scores
 * {@code test/}, and prints precision, recall and F1 point-wise and point-adjusted at the best
 * threshold (as papers report), AUPRC, F1 at each detector's own threshold (as users live with)
 * and attribution HitRate against the interpretation labels, for Firebreak's isolation forest
 * (the per-metric configuration diagnosis uses, and classic), Tribuo's one-class SVM, and
 * scikit-learn's IsolationForest and PCA reconstruction error (the peers, run in the same
 * invocation); then the means and the goals. Run by {@code scripts/bench-smd.sh [folder]}.
 */
public final class SmdBenchmark {

  /** One configuration for every machine: the incident-time detector's. */
  static final int SMOOTHING = 2;

  static final double CONTAMINATION = 0.01;
  static final int TREES_PER_METRIC = 50;

  /** Tribuo's one-class SVM is quadratic in the training size: it gets a sample. */
  static final int SVM_TRAINING_SAMPLE = 4000;

  private SmdBenchmark() {}

  /** A detector's scores on a machine; {@code perMetric} (its attribution) may be null. */
  record Result(
      String detector,
      double[] scores,
      boolean[] ownFlags,
      double[][] perMetric,
      double trainSeconds,
      double scoreSeconds) {}

  /** A detector's figures on one machine. */
  record Row(
      String detector,
      Metrics best,
      double bestPa,
      double auprc,
      double ownF1,
      double ownPa,
      double hit100,
      double hit150) {}

  static final String PER_METRIC =
      "Firebreak isolation forest, per-metric ("
          + TREES_PER_METRIC
          + " trees each), "
          + SMOOTHING
          + "-point smoothing";
  static final String SKLEARN = "scikit-learn IsolationForest 1.2 (100 trees, 256 samples)";
  static final String PCA = "PCA reconstruction error (scikit-learn, 10 components)";

  public static void main(String[] args) throws Exception {
    Path data = Repository.dataFolder(args, "smd");
    List<String> machines = machines(data);
    if (machines.isEmpty()) {
      throw new IllegalStateException(
          "no train/<machine>.txt with test/ and test_label/ in " + data);
    }
    System.out.println(
        "| machine | detector | best PW P / R / F1 | best PA F1 | AUPRC | own-threshold"
            + " PW F1 / PA F1 | HitRate@100% / @150% | train s | score s |");
    System.out.println("| --- | --- | --- | ---: | ---: | --- | --- | ---: | ---: |");
    Map<String, List<Row>> byDetector = new LinkedHashMap<>();
    for (String machine : machines) {
      double[][] train = read(data.resolve("train/" + machine + ".txt"));
      double[][] test = read(data.resolve("test/" + machine + ".txt"));
      boolean[] labels = labels(data.resolve("test_label/" + machine + ".txt"));
      Path interpretation = data.resolve("interpretation_label/" + machine + ".txt");
      List<Attribution.Segment> segments =
          Files.isRegularFile(interpretation) ? Attribution.read(interpretation) : List.of();
      List<Result> results = new ArrayList<>();
      results.add(firebreak(train, test, true, SMOOTHING));
      results.add(firebreak(train, test, false, 1));
      results.add(oneClassSvm(train, test));
      results.addAll(sklearn(data, machine));
      for (Result result : results) {
        Row row = row(result, labels, segments);
        byDetector.computeIfAbsent(result.detector(), d -> new ArrayList<>()).add(row);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.3f / %.3f / %.3f | %.3f | %.3f | %.3f / %.3f | %s | %.1f | %.1f |%n",
            machine,
            result.detector(),
            row.best().precision(),
            row.best().recall(),
            row.best().f1(),
            row.bestPa(),
            row.auprc(),
            row.ownF1(),
            row.ownPa(),
            Double.isNaN(row.hit100())
                ? "—"
                : String.format(Locale.ROOT, "%.3f / %.3f", row.hit100(), row.hit150()),
            result.trainSeconds(),
            result.scoreSeconds());
      }
    }
    System.out.println();
    System.out.println(
        "| mean over "
            + machines.size()
            + " machines | best PW F1 | best PA F1 | AUPRC | own-threshold PW F1 |"
            + " HitRate@100% / @150% |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
    byDetector.forEach(
        (detector, rows) ->
            System.out.printf(
                Locale.ROOT,
                "| %s | %.3f | %.3f | %.3f | %.3f | %s |%n",
                detector,
                mean(rows, r -> r.best().f1()),
                mean(rows, Row::bestPa),
                mean(rows, Row::auprc),
                mean(rows, Row::ownF1),
                Double.isNaN(mean(rows, Row::hit100))
                    ? "—"
                    : String.format(
                        Locale.ROOT,
                        "%.3f / %.3f",
                        mean(rows, Row::hit100),
                        mean(rows, Row::hit150))));
    System.out.println();
    goals(machines, byDetector);
  }

  /** The issue's goals for the configuration diagnosis uses, each met or missed. */
  private static void goals(List<String> machines, Map<String, List<Row>> rows) {
    List<Row> ours = rows.get(PER_METRIC);
    List<Row> forest = rows.get(SKLEARN);
    List<Row> pca = rows.get(PCA);
    List<String> belowOnF1 = new ArrayList<>();
    List<String> belowOnAuprc = new ArrayList<>();
    List<String> ownFar = new ArrayList<>();
    for (int m = 0; m < machines.size(); m++) {
      if (ours.get(m).best().f1() < forest.get(m).best().f1()) {
        belowOnF1.add(machines.get(m));
      }
      if (ours.get(m).auprc() < forest.get(m).auprc()) {
        belowOnAuprc.add(machines.get(m));
      }
      if (ours.get(m).best().f1() - ours.get(m).ownF1() > 0.1) {
        ownFar.add(machines.get(m));
      }
    }
    double meanF1 = mean(ours, r -> r.best().f1());
    double pcaF1 = mean(pca, r -> r.best().f1());
    double hit150 = mean(ours, Row::hit150);
    goal("point-wise F1 >= scikit-learn's IsolationForest on every machine", belowOnF1);
    goal("AUPRC >= scikit-learn's IsolationForest on every machine", belowOnAuprc);
    System.out.printf(
        Locale.ROOT,
        "- mean point-wise F1 %.3f >= 0.5 and >= PCA's %.3f: %s%n",
        meanF1,
        pcaF1,
        meanF1 >= 0.5 && meanF1 >= pcaF1 ? "met" : "MISSED");
    goal("own-threshold F1 within 0.1 of the best on every machine", ownFar);
    System.out.printf(
        Locale.ROOT,
        "- attribution HitRate@150%% %.3f >= 0.8: %s%n",
        hit150,
        hit150 >= 0.8 ? "met" : "MISSED");
  }

  private static void goal(String goal, List<String> failing) {
    System.out.println(
        "- "
            + goal
            + ": "
            + (failing.isEmpty() ? "met" : "MISSED on " + String.join(", ", failing)));
  }

  private static double mean(List<Row> rows, ToDoubleFunction<Row> figure) {
    return rows.stream().mapToDouble(figure).average().orElse(Double.NaN);
  }

  private static Row row(Result result, boolean[] labels, List<Attribution.Segment> segments) {
    Metrics own = Metrics.of(result.ownFlags(), labels);
    Metrics ownPa = Metrics.of(Metrics.adjust(result.ownFlags(), labels), labels);
    boolean attributes = result.perMetric() != null && !segments.isEmpty();
    return new Row(
        result.detector(),
        Metrics.bestPointWise(result.scores(), labels),
        Metrics.bestPointAdjusted(result.scores(), labels),
        Metrics.averagePrecision(result.scores(), labels),
        own.f1(),
        ownPa.f1(),
        attributes ? Attribution.hitRate(result.perMetric(), segments, 100) : Double.NaN,
        attributes ? Attribution.hitRate(result.perMetric(), segments, 150) : Double.NaN);
  }

  /** Every machine with training data, test data and test labels, in name order. */
  static List<String> machines(Path data) throws IOException {
    try (Stream<Path> files = Files.list(data.resolve("train"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".txt"))
          .map(name -> name.substring(0, name.length() - 4))
          .filter(m -> Files.isRegularFile(data.resolve("test/" + m + ".txt")))
          .filter(m -> Files.isRegularFile(data.resolve("test_label/" + m + ".txt")))
          .sorted()
          .toList();
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
    double[][] perMetric = scorer.featureScores(test);
    boolean[] flags = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      flags[i] = scores[i] >= threshold;
    }
    long t2 = System.nanoTime();
    String name = perFeature ? PER_METRIC : "Firebreak isolation forest, classic (100 trees)";
    return new Result(name, scores, flags, perMetric, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
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
        null,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);
  }

  /** scikit-learn's IsolationForest and PCA, from one run of {@code tests/bench/smd_sklearn.py}. */
  private static List<Result> sklearn(Path data, String machine)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "/usr/bin/python3",
                Repository.root().resolve("tests/bench/smd_sklearn.py").toString(),
                data.resolve("train/" + machine + ".txt").toString(),
                data.resolve("test/" + machine + ".txt").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<double[]> lines = new ArrayList<>();
    double[] seconds = new double[4];
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        String[] parts = line.split(" ");
        if (parts[0].equals("#")) {
          for (int i = 0; i < seconds.length; i++) {
            seconds[i] = Double.parseDouble(parts[i + 1]);
          }
        } else {
          lines.add(Arrays.stream(parts).mapToDouble(Double::parseDouble).toArray());
        }
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          "the scikit-learn peers failed (is python3-sklearn"
              + " installed? scripts/bench-smd.sh installs it)");
    }
    int n = lines.size();
    double[] forestScores = new double[n];
    boolean[] forestFlags = new boolean[n];
    double[] pcaScores = new double[n];
    boolean[] pcaFlags = new boolean[n];
    double[][] pcaPerMetric = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] line = lines.get(i);
      forestScores[i] = line[0];
      forestFlags[i] = line[1] == 1;
      pcaScores[i] = line[2];
      pcaFlags[i] = line[3] == 1;
      pcaPerMetric[i] = Arrays.copyOfRange(line, 4, line.length);
    }
    return List.of(
        new Result(SKLEARN, forestScores, forestFlags, null, seconds[0], seconds[1]),
        new Result(PCA, pcaScores, pcaFlags, pcaPerMetric, seconds[2], seconds[3]));
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
