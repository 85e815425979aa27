package dev.firebreak.analysis.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How fast messages may go to each target, learned from the target rather than assumed, as TCP
 * learns a path: unlimited (or the documented floor: Slack's one message per second per channel)
 * until the target says too many; then the rate is halved from what was actually being sent —
 * once per congestion event, however many requests in flight were refused with it — and grows
 * again by about one message per second every second while the target takes them. A refusal's
 * Retry-After is always waited out. Messages that must wait are not dropped: they stay queued,
 * and pending updates of one incident coalesce while they wait.
 */
public final class Pacer {

  private static final double MIN_RATE = 0.2;
  private static final Duration WINDOW = Duration.ofSeconds(1);
  private static final Duration FIRST_WAIT = Duration.ofSeconds(1);

  private final double ceiling;
  private final Map<String, Target> targets = new HashMap<>();

  /** @param floor the least gap between two messages to one target; zero for none */
  public Pacer(Duration floor) {
    this.ceiling = floor.isZero() ? Double.POSITIVE_INFINITY : 1e9 / floor.toNanos();
  }

  private final class Target {
    double rate = ceiling;
    Instant next = Instant.MIN;
    Instant lastDecrease = Instant.MIN;
    final Deque<Instant> recent = new ArrayDeque<>();

    /** Slots handed out to messages that must wait, by subject, so each comes back once. */
    final Map<String, Instant> booked = new HashMap<>();

    Duration gap() {
      return Double.isInfinite(rate) ? Duration.ZERO : Duration.ofNanos((long) (1e9 / rate));
    }

    int sentWithin(Instant now) {
      while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
        recent.pollFirst();
      }
      return recent.size();
    }
  }

  private Target target(String name) {
    return targets.computeIfAbsent(name, key -> new Target());
  }

  /**
   * Takes a slot for the next message of {@code subject} to {@code target} (several delivery
   * threads share one pace): empty when it may go now, else the slot booked for it, when it
   * should come back. Booking, rather than telling every waiting message the same next free
   * moment, keeps a storm of incidents waiting on one throttled key from waking all at once.
   */
  public synchronized Optional<Instant> reserve(String name, String subject, Instant now) {
    Target target = target(name);
    Instant slot = target.booked.remove(subject);
    if (slot != null && slot.isAfter(now)) {
      target.booked.put(subject, slot);
      return Optional.of(slot);
    }
    if (slot == null) {
      slot = target.next.isAfter(now) ? target.next : now;
      target.next = slot.plus(target.gap());
      if (slot.isAfter(now)) {
        target.booked.put(subject, slot);
        forgetStale(target, now);
        return Optional.of(slot);
      }
    }
    target.sentWithin(now);
    target.recent.addLast(now);
    return Optional.empty();
  }

  /** Bookings of messages that never came back (cancelled, taken by another gateway). */
  private static void forgetStale(Target target, Instant now) {
    if (target.booked.size() > 10_000) {
      target.booked.values().removeIf(slot -> slot.isBefore(now.minus(Duration.ofMinutes(10))));
    }
  }

  /** The messages per second {@code target} is paced at now (infinite: not paced). */
  public synchronized double rate(String name) {
    return target(name).rate;
  }

  /** The target took a message: the rate grows by about one message per second each second. */
  public synchronized void sent(String name) {
    Target target = target(name);
    if (!Double.isInfinite(target.rate)) {
      target.rate = Math.min(ceiling, target.rate + 1 / target.rate);
    }
  }

  public synchronized void throttled(String name, Instant at, Optional<Duration> retryAfter) {
    Target target = target(name);
    boolean sameEvent = target.lastDecrease.isAfter(at.minus(target.gap().plus(WINDOW)));
    if (!sameEvent) {
      double sending = Math.max(1, target.sentWithin(at));
      target.rate = Math.max(MIN_RATE, Math.min(target.rate, sending) / 2);
      target.lastDecrease = at;
    }
    Duration wait = retryAfter.orElse(sameEvent ? target.gap() : FIRST_WAIT);
    Instant until = at.plus(wait.compareTo(target.gap()) > 0 ? wait : target.gap());
    if (until.isAfter(target.next)) {
      target.next = until;
    }
    // Slots booked at the old pace would be refused too: their messages book again on return.
    target.booked.clear();
  }
}
