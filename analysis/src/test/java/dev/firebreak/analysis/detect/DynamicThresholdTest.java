package dev.firebreak.analysis.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DynamicThresholdTest {

  private static double[] noise(int length, double level, long seed) {
    Random random = new Random(seed);
    double[] scores = new double[length];
    for (int i = 0; i < length; i++) {
      scores[i] = level + 0.01 * random.nextGaussian();
    }
    return scores;
  }

  private static int count(boolean[] flags, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += flags[i] ? 1 : 0;
    }
    return n;
  }

  @Test
  void aBurstStandingOutOfItsWindowIsFlagged_theNoiseAroundItIsNot() {
    double[] scores = noise(5000, 0.4, 1);
    for (int i = 2500; i < 2550; i++) {
      scores[i] = 0.9;
    }
    boolean[] flags = DynamicThreshold.flags(scores);
    assertThat(count(flags, 2500, 2550)).isEqualTo(50);
    // Widened by the buffer, and nothing far from the burst.
    assertThat(count(flags, 0, 2300) + count(flags, 2750, 5000)).isZero();
  }

  @Test
  void aLevelThatStaysIsNotFlaggedToTheEnd_unlikeAThresholdFromBeforeIt() {
    double[] scores = noise(8000, 0.4, 2);
    double[] shifted = noise(4000, 0.6, 3);
    System.arraycopy(shifted, 0, scores, 4000, 4000);
    boolean[] flags = DynamicThreshold.flags(scores);
    // Once windows hold only the new level, it is their normal: the last windows flag nothing.
    assertThat(count(flags, 6500, 8000)).isZero();
    assertThat(count(flags, 3900, 4200)).isPositive();
  }

  @Test
  void aQuietStreamFlagsNothing() {
    assertThat(count(DynamicThreshold.flags(noise(3000, 0.4, 4)), 0, 3000)).isZero();
  }
}
