package dev.firebreak.learning.embed;

/** Small vector arithmetic on float arrays. */
public final class Vectors {

  private Vectors() {}

  /** A copy scaled to unit length (the zero vector stays zero). */
  public static float[] normalized(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += value * value;
    }
    float[] unit = vector.clone();
    if (sum == 0) {
      return unit;
    }
    float scale = (float) (1 / Math.sqrt(sum));
    for (int i = 0; i < unit.length; i++) {
      unit[i] *= scale;
    }
    return unit;
  }

  /** The dot product of {@code query} with row {@code row} of a row-major matrix. */
  public static float dot(float[] query, float[] matrix, int row) {
    int offset = row * query.length;
    float sum = 0;
    for (int i = 0; i < query.length; i++) {
      sum += query[i] * matrix[offset + i];
    }
    return sum;
  }
}
