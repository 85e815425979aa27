package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.Locale;

/**
 * One measurement of a verification: what the query returned and what that means.
 *
 * @param value the measured value, NaN when there was none
 * @param detail why, as a person reads it ("error ratio 0.12 is not below 0.05")
 */
public record Measurement(Instant at, Phase phase, double value, String detail) {

  /** What a measurement says, as Argo Rollouts' AnalysisRun names them. */
  public enum Phase {
    SUCCESSFUL,
    FAILED,
    INCONCLUSIVE,
    ERROR;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Phase fromWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }
}
