package dev.firebreak.analysis.port;

/**
 * A source could not answer. The message says what happened in terms an operator can act on
 * (status, a truncated body, the timeout) and never carries credentials.
 */
public final class EvidenceSourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a source could not answer. */
  public enum Reason {
    UNREACHABLE,
    TIMEOUT,
    HTTP_ERROR,
    MALFORMED,
    TOO_LARGE
  }

  private final String source;
  private final Reason reason;
  private final int status;

  public EvidenceSourceException(String source, Reason reason, int status, String message) {
    super(source + ": " + message);
    this.source = source;
    this.reason = reason;
    this.status = status;
  }

  public String source() {
    return source;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }
}
