package dev.firebreak.analysis.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How an action is checked once it ran, modelled on Argo Rollouts' AnalysisRun: after {@code
 * initialDelay}, {@code count} measurements {@code interval} apart of a condition that holds
 * while the problem does. The action failed when more than {@code failureLimit} measurements
 * found the problem still there, errored after more than {@code consecutiveErrorLimit} errors in
 * a row, and is inconclusive when more than {@code inconclusiveLimit} could not tell.
 *
 * @param query the PromQL whose value is measured: the measured side of the alert's own
 *     expression by default
 * @param operator with {@code threshold}, when the problem holds ({@code >} 0.05); empty when any
 *     series the query returns means the problem holds (an expression that is not a comparison
 *     with a number)
 * @param match the alert's labels: a series counts when it agrees with these on every label
 *     both have
 * @param noData what a measurement with no series means
 */
public record Verification(
    String query,
    Optional<String> operator,
    double threshold,
    Map<String, String> match,
    Duration initialDelay,
    Duration interval,
    int count,
    int failureLimit,
    int inconclusiveLimit,
    int consecutiveErrorLimit,
    Measurement.Phase noData) {

  public Verification {
    match = Map.copyOf(match);
  }

  /** The condition as a person reads it. */
  public String condition() {
    return operator.map(op -> query + " " + op + " " + format(threshold)).orElse(query);
  }

  /** Whether {@code value} means the problem still holds. */
  public boolean holds(double value) {
    if (operator.isEmpty()) {
      return true;
    }
    return switch (operator.get()) {
      case ">" -> value > threshold;
      case ">=" -> value >= threshold;
      case "<" -> value < threshold;
      case "<=" -> value <= threshold;
      case "==" -> value == threshold;
      case "!=" -> value != threshold;
      default -> throw new IllegalStateException("not a comparison: " + operator.get());
    };
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+$", "");
  }
}
