package dev.firebreak.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
}
