package dev.firebreak.analysis.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open span of time, {@code [start, end)}. */
public record TimeWindow(Instant start, Instant end) {

  public TimeWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("window ends before it starts: " + start + " > " + end);
    }
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  public boolean contains(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
