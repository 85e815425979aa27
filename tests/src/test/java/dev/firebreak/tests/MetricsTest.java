package dev.firebreak.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

  @Test
  void bestPointWise_findsTheBestThresholdAmongAllScores() {
    double[] scores = {0.9, 0.8, 0.1, 0.7, 0.2};
    boolean[] labels = {true, false, false, true, false};

    Metrics best = Metrics.bestPointWise(scores, labels);

    // At 0.7: two true positives, one false → P 2/3, R 1, F1 0.8 (0.9 alone gives 0.667).
    assertEquals(2 / 3.0, best.precision(), 1e-9);
    assertEquals(1.0, best.recall(), 1e-9);
    assertEquals(0.8, best.f1(), 1e-9);
  }

  @Test
  void bestPointWise_reachesThresholdsAGridOfQuantilesWouldStepOver() {
    SplittableRandom random = new SplittableRandom(7);
    double[] scores = new double[10_000];
    boolean[] labels = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextDouble();
    }
    scores[5_000] = 2.0;
    labels[5_000] = true;

    assertEquals(1.0, Metrics.bestPointWise(scores, labels).f1(), 1e-9);
  }

  @Test
  void bestPointAdjusted_countsASegmentFromItsHighestScore() {
    double[] scores = {0.5, 0.1, 0.9, 0.1, 0.6, 0.2, 0.3, 0.55};
    boolean[] labels = {false, true, true, true, false, false, true, true};

    // At 0.9 the first segment (3 points) is found: P 1, R 3/5, F1 0.75. At 0.55 both are
    // (5 points) with one false alarm (0.6): P 5/6, R 1, F1 0.909.
    assertEquals(2 * (5 / 6.0) / (5 / 6.0 + 1), Metrics.bestPointAdjusted(scores, labels), 1e-9);
  }

  @Test
  void tiedScoresAreOneThreshold() {
    double[] scores = {0.5, 0.5, 0.5, 0.1};
    boolean[] labels = {true, false, false, false};

    // The three tied points flag together: P 1/3, R 1, F1 0.5; never the 1/1 a split tie would
    // give.
    assertEquals(0.5, Metrics.bestPointWise(scores, labels).f1(), 1e-9);
  }

  @Test
  void averagePrecision_weighsEachPrecisionByTheRecallItAdds() {
    // Ranked: +, -, +, - : precision 1 at recall 0.5, 2/3 at recall 1 (scikit-learn: 0.8333).
    double[] scores = {0.9, 0.8, 0.7, 0.1};
    boolean[] labels = {true, false, true, false};
    assertEquals(0.5 * 1 + 0.5 * (2 / 3.0), Metrics.averagePrecision(scores, labels), 1e-9);
    // Tied scores count as one threshold: both points at once, precision 1/2.
    assertEquals(
        0.5, Metrics.averagePrecision(new double[] {0.5, 0.5}, new boolean[] {true, false}), 1e-9);
  }

  @Test
  void hitRate_countsTheLabelledMetricsAmongTheTopRanked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("machine.txt");
    Files.writeString(file, "1-3:1,3\n");
    List<Attribution.Segment> segments = Attribution.read(file);
    assertEquals(List.of(new Attribution.Segment(1, 3, Set.of(0, 2))), segments);
    double[][] perMetric = {
      {0, 0, 0}, // outside the segment
      {0.9, 0.8, 0.1}, // top 2: metrics 0 and 1, one of the two labelled
      {0.7, 0.1, 0.8}, // top 2: metrics 2 and 0, both
      {0, 0, 0}
    };
    assertEquals((0.5 + 1.0) / 2, Attribution.hitRate(perMetric, segments, 100), 1e-9);
    // 150 % of two labelled metrics is the top 3: every metric, so every hit.
    assertEquals(1.0, Attribution.hitRate(perMetric, segments, 150), 1e-9);
  }
}
