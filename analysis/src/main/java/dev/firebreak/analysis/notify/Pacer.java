package dev.firebreak.analysis.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How fast messages may go to each target, learned from the target rather than assumed: the gap
 * between messages doubles when the target says too many (never below what it asked for in
 * Retry-After) and shrinks by a fifth after each message it takes, down to a floor (Slack's
 * documented one message per second per channel; none for PagerDuty, whose limit depends on the
 * account). Messages that must wait are not dropped: they stay queued, and pending updates of one
 * incident coalesce while they wait.
 */
public final class Pacer {

  private static final Duration FIRST_THROTTLE = Duration.ofSeconds(1);
  private static final Duration MAX_GAP = Duration.ofMinutes(2);
  private static final double SHRINK = 0.8;

  private final Duration floor;
  private final Map<String, Duration> gaps = new HashMap<>();
  private final Map<String, Instant> next = new HashMap<>();

  public Pacer(Duration floor) {
    this.floor = floor;
  }

  /**
   * Takes the next slot for a message to {@code target} if it is free at {@code now} (several
   * delivery threads share one pace): empty when the message may go, else when to come back.
   */
  public synchronized Optional<Instant> reserve(String target, Instant now) {
    Instant free = next.getOrDefault(target, Instant.MIN);
    if (free.isAfter(now)) {
      return Optional.of(free);
    }
    next.put(target, now.plus(gaps.getOrDefault(target, floor)));
    return Optional.empty();
  }

  /** The gap kept between messages to {@code target} now. */
  public synchronized Duration gap(String target) {
    return gaps.getOrDefault(target, floor);
  }

  /** The target took a message: the gap shrinks towards the floor. */
  public synchronized void sent(String target) {
    Duration gap = gaps.getOrDefault(target, floor);
    Duration smaller = Duration.ofMillis((long) (gap.toMillis() * SHRINK));
    if (smaller.compareTo(floor) <= 0) {
      gaps.remove(target);
    } else {
      gaps.put(target, smaller);
    }
  }

  public synchronized void throttled(String target, Instant at, Optional<Duration> retryAfter) {
    Duration gap = gaps.getOrDefault(target, floor);
    Duration doubled = gap.isZero() ? FIRST_THROTTLE : gap.multipliedBy(2);
    Duration larger = doubled.compareTo(MAX_GAP) > 0 ? MAX_GAP : doubled;
    gaps.put(target, larger);
    Duration wait = retryAfter.filter(asked -> asked.compareTo(larger) > 0).orElse(larger);
    next.put(target, at.plus(wait));
  }
}
