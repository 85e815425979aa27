package dev.firebreak.analysis.correlate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How signals are grouped into incidents.
 *
 * @param window how recent an incident's last signal must be for a signal from another source
 *     to join it
 * @param reopenWindow how long after resolving an incident reopens, rather than a new incident
 *     opening, when one of its groups fires again
 * @param labelKeys the labels that identify what is affected; a signal from another source
 *     joins an incident when they share at least one of these and disagree on none
 * @param sameService whether a signal of another group of the same source joins an active
 *     incident that names the same service (and agrees on namespace and cluster) within the
 *     window, as PagerDuty's alert grouping does: one incident per problem, not per alert group
 * @param apart label sets whose signals never join another group's incident by service; a
 *     signal or incident carrying every label of one set stays with its own group
 */
public record CorrelationSettings(
    Duration window,
    Duration reopenWindow,
    List<String> labelKeys,
    boolean sameService,
    List<Map<String, String>> apart) {

  public static final List<String> DEFAULT_LABEL_KEYS =
      List.of("service", "namespace", "cluster", "job");

  public CorrelationSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(reopenWindow, "reopenWindow");
    labelKeys = List.copyOf(labelKeys);
    apart = apart.stream().map(Map::copyOf).toList();
    if (window.isNegative() || reopenWindow.isNegative()) {
      throw new IllegalArgumentException("correlation windows must not be negative");
    }
  }

  /** Same-service grouping on, nothing kept apart. */
  public CorrelationSettings(Duration window, Duration reopenWindow, List<String> labelKeys) {
    this(window, reopenWindow, labelKeys, true, List.of());
  }

  public static CorrelationSettings defaults() {
    return new CorrelationSettings(
        Duration.ofMinutes(15), Duration.ofMinutes(30), DEFAULT_LABEL_KEYS);
  }

  /** Whether {@code labels} carry every label of one of the {@link #apart} sets. */
  public boolean keptApart(Map<String, String> labels) {
    for (Map<String, String> set : apart) {
      if (!set.isEmpty()
          && set.entrySet().stream()
              .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())))) {
        return true;
      }
    }
    return false;
  }
}
