package dev.firebreak.analysis.model;

/**
 * One request an investigation sent to a source and the answer it got, kept so that the
 * investigation can be replayed offline. Headers are not kept: they carry credentials.
 *
 * @param target the path and query, without scheme, host or credentials
 * @param requestBody the body sent, or {@code ""}
 * @param status the HTTP status, or 0 when no answer came (the error says why)
 */
public record RecordedExchange(
    String source,
    String method,
    String target,
    String requestBody,
    int status,
    String contentType,
    String body,
    String error) {

  public RecordedExchange {
    requestBody = requestBody == null ? "" : requestBody;
    contentType = contentType == null ? "" : contentType;
    body = body == null ? "" : body;
    error = error == null ? "" : error;
  }
}
