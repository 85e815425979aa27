package dev.firebreak.analysis.model;

import java.util.Locale;

/** How querying one source went during an investigation. */
public enum SourceOutcome {
  /** Answered; the items may still be empty. */
  OK,
  /** Answered with more than the limits allow; the items are the first ones. */
  TRUNCATED,
  /** Did not answer within its time budget; what it had answered so far is kept. */
  TIMED_OUT,
  /** Answered with an error, an unreadable body, or could not be reached. */
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
