package dev.firebreak.analysis.port;

/**
 * The store is up but cannot hold what it was given (a value out of its range, an encoding it
 * refuses). Retrying the same content fails the same way, so the caller must not answer "try
 * again later": intake sets such a submission apart so that the others in its commit go through.
 */
public final class StoreRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
