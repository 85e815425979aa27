package dev.firebreak.tests;

import com.opencsv.CSVReader;
import dev.firebreak.analysis.logs.LogTemplateMiner;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * LogHub benchmark: Firebreak's template miner, with one configuration for every system, over
 * the 2k-line samples of HDFS, BGL, OpenStack, Apache and Spark in {@code ../shared/data/loghub}
 * (read in place). Prints grouping accuracy (Zhu et al. 2019: a message counts when the group
 * it was put in holds exactly the messages of its true template) against the original and the
 * corrected ground truth, next to Drain's published figures with per-system settings. Run by
 * {@code scripts/bench-loghub.sh}.
 */
public final class LogHubBenchmark {

  /** Drain, per-system settings, loghub_2k (BASELINES.md §3.1). */
  private static final Map<String, Double> DRAIN =
      Map.of("HDFS", 0.9975, "BGL", 0.9625, "OpenStack", 0.7325, "Apache", 1.0, "Spark", 0.920);

  private LogHubBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path data = Repository.root().resolveSibling("shared").resolve("data/loghub");
    System.out.println(
        "| system | lines | templates (true) | Firebreak GA | GA, corrected truth"
            + " | Drain GA (published, per-system settings) |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    double sum = 0;
    for (String system : List.of("HDFS", "BGL", "OpenStack", "Apache", "Spark")) {
      List<String[]> original =
          read(data.resolve(system + "/" + system + "_2k.log_structured.csv"));
      List<String[]> corrected =
          read(data.resolve(system + "/" + system + "_2k.log_structured_corrected.csv"));
      LogTemplateMiner miner = LogTemplateMiner.defaults();
      List<Integer> predicted = new ArrayList<>();
      List<String> truth = new ArrayList<>();
      List<String> truthCorrected = new ArrayList<>();
      for (int i = 0; i < original.size(); i++) {
        predicted.add(miner.add(original.get(i)[0]));
        truth.add(original.get(i)[1]);
        truthCorrected.add(corrected.get(i)[1]);
      }
      double ga = groupingAccuracy(predicted, truth);
      sum += ga;
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d (%d) | %.4f | %.4f | %.4f |%n",
          system,
          original.size(),
          miner.templates().size(),
          new HashSet<>(truth).size(),
          ga,
          groupingAccuracy(predicted, truthCorrected),
          DRAIN.get(system));
    }
    System.out.printf(
        Locale.ROOT,
        "| mean | | | %.4f | | %.4f |%n",
        sum / 5,
        DRAIN.values().stream().mapToDouble(Double::doubleValue).sum() / 5);
  }

  /** Content and EventId of each line of a structured CSV. */
  private static List<String[]> read(Path file) throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file);
        CSVReader csv = new CSVReader(reader)) {
      String[] header = csv.readNext();
      int content = index(header, "Content");
      int event = index(header, "EventId");
      for (String[] row; (row = csv.readNext()) != null; ) {
        rows.add(new String[] {row[content], row[event]});
      }
    }
    return rows;
  }

  private static int index(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  static double groupingAccuracy(List<Integer> predicted, List<String> truth) {
    Map<Integer, Set<Integer>> byPredicted = new HashMap<>();
    Map<String, Set<Integer>> byTruth = new HashMap<>();
    for (int i = 0; i < predicted.size(); i++) {
      byPredicted.computeIfAbsent(predicted.get(i), k -> new HashSet<>()).add(i);
      byTruth.computeIfAbsent(truth.get(i), k -> new HashSet<>()).add(i);
    }
    long correct = 0;
    for (Set<Integer> group : byPredicted.values()) {
      int first = group.iterator().next();
      if (byTruth.get(truth.get(first)).equals(group)) {
        correct += group.size();
      }
    }
    return correct / (double) predicted.size();
  }
}
