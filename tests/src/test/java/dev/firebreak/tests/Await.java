package dev.firebreak.tests;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline: what the suites do instead of sleeping. */
final class Await {

  private static final long POLL_MILLIS = 200;

  private Await() {}

  /** The first present value {@code probe} gives within {@code timeout}. */
  static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      ManagedProcess.sleep(POLL_MILLIS);
    }
    AssertionError failure = new AssertionError("not within " + timeout + ": " + what);
    if (last != null) {
      failure.initCause(last);
    }
    throw failure;
  }

  static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    value(what, timeout, () -> condition.get() ? Optional.of(true) : Optional.empty());
  }
}
