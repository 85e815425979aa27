package dev.firebreak.analysis.port;

/** The store could not do its work now; the caller may retry later. */
public final class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
