package dev.firebreak.analysis.investigate;

import dev.firebreak.analysis.port.EvidenceLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How incidents are investigated.
 *
 * @param lookback how far before the incident's start the window begins, to give detectors a
 *     baseline
 * @param after how far past the latest signal the window reaches; a run made sooner is
 *     followed up once that time has passed
 * @param sourceTimeout the time budget of each source in one run
 * @param labelKeys the labels that identify what is affected, passed to sources in this order
 * @param maxRuns how many runs one incident may get (the first, follow-ups and re-runs for
 *     new signals)
 * @param rerunDelay the least time between two runs for one incident
 * @param workers how many incidents are investigated at once by this gateway
 * @param maxAttempts how often a run that failed outright (not a source: the store, a bug) is
 *     retried before giving up
 */
public record InvestigationSettings(
    Duration lookback,
    Duration after,
    Duration sourceTimeout,
    EvidenceLimits limits,
    List<String> labelKeys,
    int maxRuns,
    Duration rerunDelay,
    int workers,
    int maxAttempts) {

  public static final List<String> DEFAULT_LABEL_KEYS =
      List.of("service", "job", "namespace", "instance", "pod");

  public InvestigationSettings {
    Objects.requireNonNull(lookback, "lookback");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(sourceTimeout, "sourceTimeout");
    Objects.requireNonNull(limits, "limits");
    labelKeys = List.copyOf(labelKeys);
    Objects.requireNonNull(rerunDelay, "rerunDelay");
    if (maxRuns < 1 || workers < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("runs, workers and attempts must be at least 1");
    }
  }

  public static InvestigationSettings defaults() {
    return new InvestigationSettings(
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        Duration.ofSeconds(15),
        EvidenceLimits.defaults(),
        DEFAULT_LABEL_KEYS,
        3,
        Duration.ofMinutes(1),
        2,
        5);
  }

  /** How long a claim lasts: every source's budget plus time to store the result. */
  public Duration lease() {
    return sourceTimeout.multipliedBy(2).plusSeconds(30);
  }
}
