package dev.firebreak.gateway;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a condition, never on the clock. */
final class Conditions {

  private Conditions() {}

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        // A poll interval, not a wait for the outcome: the condition decides.
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
