package dev.firebreak.gateway.webhook;

/** A webhook body does not have the shape its sender documents; the message names where. */
final class InvalidPayloadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidPayloadException(String message) {
    super(message, null, false, false);
  }
}
