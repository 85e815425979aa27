package dev.firebreak.analysis.port;

/**
 * How much one investigation may take from each source, so that a noisy service cannot fill
 * the store or the memory of the gateway.
 *
 * @param maxSeries metric series per metric source
 * @param maxPoints points per series; the query step is chosen so the window fits
 * @param maxLogLines log lines per log source
 * @param maxTraces traces per trace source
 * @param maxResponseBytes the largest answer read from a source; larger ones are cut
 */
public record EvidenceLimits(
    int maxSeries, int maxPoints, int maxLogLines, int maxTraces, long maxResponseBytes) {

  public EvidenceLimits {
    if (maxSeries < 1
        || maxPoints < 2
        || maxLogLines < 1
        || maxTraces < 1
        || maxResponseBytes < 1024) {
      throw new IllegalArgumentException("evidence limits must be positive");
    }
  }

  public static EvidenceLimits defaults() {
    return new EvidenceLimits(60, 360, 500, 20, 16L * 1024 * 1024);
  }
}
