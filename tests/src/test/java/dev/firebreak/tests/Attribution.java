package dev.firebreak.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Whether a detector names the metrics that moved: HitRate@P% as OmniAnomaly (Su et al., KDD
 * 2019) defines it against SMD's {@code interpretation_label}. At every point of a labelled
 * segment, the metrics are ranked by the detector's score for each; of the top ⌊P% × |G|⌋, the
 * share that are in the segment's metrics G. Averaged over every labelled point.
 */
final class Attribution {

  /** A labelled segment: points [start, end) and the metrics (0-based) that moved in it. */
  record Segment(int start, int end, Set<Integer> metrics) {}

  private Attribution() {}

  /** Lines {@code start-end:m1,m2,…}, metrics numbered from 1, end exclusive. */
  static List<Segment> read(Path file) throws IOException {
    List<Segment> segments = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      String[] rangeAndMetrics = line.trim().split(":");
      String[] range = rangeAndMetrics[0].split("-");
      Set<Integer> metrics = new HashSet<>();
      for (String metric : rangeAndMetrics[1].split(",")) {
        metrics.add(Integer.parseInt(metric.trim()) - 1);
      }
      segments.add(
          new Segment(Integer.parseInt(range[0]), Integer.parseInt(range[1]), Set.copyOf(metrics)));
    }
    return segments;
  }

  /** HitRate@{@code percent}% over every labelled point; NaN without segments. */
  static double hitRate(double[][] perMetric, List<Segment> segments, int percent) {
    double sum = 0;
    long points = 0;
    for (Segment segment : segments) {
      int top = (int) Math.floor(percent / 100.0 * segment.metrics().size());
      for (int t = segment.start(); t < Math.min(segment.end(), perMetric.length); t++) {
        double[] scores = perMetric[t];
        int[] ranked =
            IntStream.range(0, scores.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer f) -> scores[f]).reversed())
                .mapToInt(Integer::intValue)
                .toArray();
        long hits =
            Arrays.stream(ranked, 0, Math.min(top, ranked.length))
                .filter(segment.metrics()::contains)
                .count();
        sum += hits / (double) segment.metrics().size();
        points++;
      }
    }
    return points == 0 ? Double.NaN : sum / points;
  }
}
