package dev.firebreak.tests;

import com.opencsv.CSVReader;
import dev.firebreak.analysis.logs.BrainParser;
import dev.firebreak.analysis.logs.LogTemplate;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * LogHub benchmark: Firebreak's log parser ({@link BrainParser#defaults()}, one configuration
 * for every system) over every system found in a LogHub-layout folder ({@code
 * <System>/<System>_2k.log_structured.csv}, and {@code _structured_corrected.csv} where there
 * is one), {@code ../shared/data/loghub} unless a folder is given, read in place. Prints
 * grouping accuracy (Zhu et al. 2019: a message counts when the group it was put in holds
 * exactly the messages of its true template) against the original and the corrected ground
 * truth, next to the published Drain and Brain figures with their per-system settings; then
 * the mean and the worst system for each variable threshold, on the whole samples and on their
 * first 500 lines (diagnosis parses batches of every size), which is how the default was chosen.
 * Run by {@code scripts/bench-loghub.sh [folder]}.
 */
public final class LogHubBenchmark {

  /** Drain and Brain, per-system settings, loghub_2k (BASELINES.md §3.1). */
  private static final Map<String, Double> DRAIN =
      Map.ofEntries(
          Map.entry("HDFS", 0.9975),
          Map.entry("BGL", 0.9625),
          Map.entry("OpenStack", 0.7325),
          Map.entry("Apache", 1.0),
          Map.entry("Spark", 0.920),
          Map.entry("Zookeeper", 0.9665),
          Map.entry("Hadoop", 0.9475),
          Map.entry("Linux", 0.690),
          Map.entry("Thunderbird", 0.955),
          Map.entry("HealthApp", 0.780),
          Map.entry("Android", 0.911),
          Map.entry("HPC", 0.887),
          Map.entry("Mac", 0.7865),
          Map.entry("OpenSSH", 0.7875),
          Map.entry("Proxifier", 0.5265),
          Map.entry("Windows", 0.997));

  private static final Map<String, Double> BRAIN =
      Map.ofEntries(
          Map.entry("HDFS", 0.9975),
          Map.entry("BGL", 0.986),
          Map.entry("OpenStack", 1.0),
          Map.entry("Apache", 1.0),
          Map.entry("Spark", 0.9975),
          Map.entry("Zookeeper", 0.9875),
          Map.entry("Hadoop", 0.949),
          Map.entry("Linux", 0.996),
          Map.entry("Thunderbird", 0.971),
          Map.entry("HealthApp", 1.0),
          Map.entry("Proxifier", 1.0));

  private static final int[] THRESHOLDS = {2, 3, 4, 5, 6, 8, 10};
  private static final int SHORT_BATCH = 500;

  private LogHubBenchmark() {}

  record Sample(String system, List<String> messages, List<String> truth, List<String> corrected) {}

  public static void main(String[] args) throws Exception {
    Path data = Repository.dataFolder(args, "loghub");
    List<Sample> samples = samples(data);
    if (samples.isEmpty()) {
      throw new IllegalStateException("no <System>/<System>_2k.log_structured.csv in " + data);
    }
    System.out.println(
        "| system | lines | templates found (true) | Firebreak GA | GA, corrected truth"
            + " | Drain GA (published, per-system settings) | Brain GA (published, per-system"
            + " settings) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    double sum = 0;
    for (Sample sample : samples) {
      List<LogTemplate> parsed = BrainParser.defaults().parse(sample.messages());
      List<Integer> groups = parsed.stream().map(LogTemplate::id).toList();
      double ga = groupingAccuracy(groups, sample.truth());
      sum += ga;
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d (%d) | %.4f | %s | %s | %s |%n",
          sample.system(),
          sample.messages().size(),
          new HashSet<>(groups).size(),
          new HashSet<>(sample.truth()).size(),
          ga,
          sample.corrected().isEmpty()
              ? ""
              : String.format(Locale.ROOT, "%.4f", groupingAccuracy(groups, sample.corrected())),
          figure(DRAIN.get(sample.system())),
          figure(BRAIN.get(sample.system())));
    }
    System.out.printf(
        Locale.ROOT, "| mean of %d | | | %.4f | | | |%n", samples.size(), sum / samples.size());
    System.out.println();
    System.out.println(
        "| variable threshold | mean GA | worst system | mean GA, first "
            + SHORT_BATCH
            + " lines | worst system, first "
            + SHORT_BATCH
            + " lines |");
    System.out.println("| ---: | ---: | --- | ---: | --- |");
    for (int threshold : THRESHOLDS) {
      System.out.printf(
          Locale.ROOT,
          "| %d%s | %s | %s |%n",
          threshold,
          threshold == BrainParser.DEFAULT_VARIABLE_THRESHOLD ? " (default)" : "",
          sweep(samples, threshold, Integer.MAX_VALUE),
          sweep(samples, threshold, SHORT_BATCH));
    }
  }

  private static String sweep(List<Sample> samples, int threshold, int lines) {
    double sum = 0;
    double worst = 2;
    String worstSystem = "";
    for (Sample sample : samples) {
      int n = Math.min(lines, sample.messages().size());
      List<Integer> groups =
          new BrainParser(threshold)
              .parse(sample.messages().subList(0, n)).stream().map(LogTemplate::id).toList();
      double ga = groupingAccuracy(groups, sample.truth().subList(0, n));
      sum += ga;
      if (ga < worst) {
        worst = ga;
        worstSystem = sample.system();
      }
    }
    return String.format(Locale.ROOT, "%.4f | %s %.4f", sum / samples.size(), worstSystem, worst);
  }

  private static String figure(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static List<Sample> samples(Path data) throws IOException {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(data)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    List<Sample> samples = new ArrayList<>();
    for (Path dir : dirs) {
      String system = dir.getFileName().toString();
      Path structured = dir.resolve(system + "_2k.log_structured.csv");
      if (!Files.isRegularFile(structured)) {
        continue;
      }
      List<String[]> rows = read(structured);
      Optional<List<String[]>> corrected =
          Optional.of(dir.resolve(system + "_2k.log_structured_corrected.csv"))
              .filter(Files::isRegularFile)
              .map(LogHubBenchmark::read);
      samples.add(
          new Sample(
              system,
              rows.stream().map(r -> r[0]).toList(),
              rows.stream().map(r -> r[1]).toList(),
              corrected.map(c -> c.stream().map(r -> r[1]).toList()).orElse(List.of())));
    }
    return samples;
  }

  /** Content and EventId of each line of a structured CSV. */
  private static List<String[]> read(Path file) {
    List<String[]> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file);
        CSVReader csv = new CSVReader(reader)) {
      String[] header = csv.readNext();
      int content = index(header, "Content");
      int event = index(header, "EventId");
      for (String[] row; (row = csv.readNext()) != null; ) {
        rows.add(new String[] {row[content], row[event]});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (com.opencsv.exceptions.CsvValidationException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
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
