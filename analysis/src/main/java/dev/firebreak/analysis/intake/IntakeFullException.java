package dev.firebreak.analysis.intake;

/** The intake queue is full because the store is not keeping up; the sender should retry. */
public final class IntakeFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public IntakeFullException(String message) {
    super(message, null, false, false);
  }
}
