package dev.firebreak.learning.embed;

/**
 * Vectors as integers of {@link #BITS} bits with one scale each (symmetric scalar quantisation),
 * for searching many of them: an integer dot product is a sum the JIT computes with SIMD
 * instructions, a float one it must add in order (measured on JDK 17, AVX2: 17 ms against 38 ms
 * for 100,000 rows of 384). Bytes would take a quarter of the memory but are not vectorised by
 * JDK 17 or 25 and run at the float speed. For unit vectors of 384 components the cosine
 * similarity differs from the exact one by less than 0.0001.
 */
public final class QuantizedVectors {

  /** Bits per component: 384 products of two 12-bit values cannot overflow an int sum. */
  public static final int BITS = 12;

  private static final float LIMIT = (1 << (BITS - 1)) - 1;

  private QuantizedVectors() {}

  /** Writes the codes of {@code vector} at {@code offset} and returns the factor that undoes them. */
  public static float encode(float[] vector, int[] codes, int offset) {
    float max = 0;
    for (float value : vector) {
      max = Math.max(max, Math.abs(value));
    }
    if (max == 0) {
      for (int i = 0; i < vector.length; i++) {
        codes[offset + i] = 0;
      }
      return 0;
    }
    float scale = LIMIT / max;
    for (int i = 0; i < vector.length; i++) {
      codes[offset + i] = Math.round(vector[i] * scale);
    }
    return 1 / scale;
  }

  /** The integer dot product of {@code query} with the row at {@code offset}. */
  public static int dot(int[] query, int[] codes, int offset) {
    int sum = 0;
    for (int i = 0; i < query.length; i++) {
      sum += query[i] * codes[offset + i];
    }
    return sum;
  }
}
