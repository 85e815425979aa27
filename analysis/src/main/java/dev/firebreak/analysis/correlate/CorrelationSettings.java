package dev.firebreak.analysis.correlate;

import java.time.Duration;
import java.util.List;
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
 */
public record CorrelationSettings(Duration window, Duration reopenWindow, List<String> labelKeys) {

  public static final List<String> DEFAULT_LABEL_KEYS =
      List.of("service", "namespace", "cluster", "job");

  public CorrelationSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(reopenWindow, "reopenWindow");
    labelKeys = List.copyOf(labelKeys);
    if (window.isNegative() || reopenWindow.isNegative()) {
      throw new IllegalArgumentException("correlation windows must not be negative");
    }
  }

  public static CorrelationSettings defaults() {
    return new CorrelationSettings(
        Duration.ofMinutes(15), Duration.ofMinutes(30), DEFAULT_LABEL_KEYS);
  }
}
