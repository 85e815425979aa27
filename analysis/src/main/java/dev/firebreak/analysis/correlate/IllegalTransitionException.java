package dev.firebreak.analysis.correlate;

/** A requested change does not fit the incident's current state. */
public final class IllegalTransitionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(String message) {
    super(message);
  }
}
