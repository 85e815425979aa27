package dev.firebreak.gateway.http;

import java.util.Map;

/**
 * A request failed for a reason the caller should hear about. Handlers throw it; one mapper in
 * {@link ErrorResponses} turns it into the error body every endpoint shares.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final int RETRY_AFTER_SECONDS = 5;

  private final int status;
  private final String code;
  private final transient Map<String, String> headers;

  public ApiException(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException invalidPayload(String message) {
    return new ApiException(400, "invalid_payload", message);
  }

  public static ApiException unauthorized(String message, String challenge) {
    return new ApiException(
        401,
        "unauthorized",
        message,
        challenge == null ? Map.of() : Map.of("WWW-Authenticate", challenge));
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public static ApiException tooLarge(long limit) {
    return new ApiException(
        413, "payload_too_large", "request body is larger than the limit of " + limit + " bytes");
  }

  public static ApiException unsupportedMediaType(String got) {
    return new ApiException(
        415,
        "unsupported_media_type",
        "expected Content-Type application/json, got " + (got == null ? "none" : "'" + got + "'"));
  }

  /**
   * The gateway cannot do it now. Every sender retries 5xx; Retry-After asks them to wait a
   * little rather than hammer a store that is catching up.
   */
  public static ApiException unavailable(String message) {
    return new ApiException(
        503, "unavailable", message, Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
