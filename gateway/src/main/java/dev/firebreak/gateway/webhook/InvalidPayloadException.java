package dev.firebreak.gateway.webhook;

/**
 * A webhook body does not have the shape its sender documents; the message names where. Values
 * quoted from the payload (with {@link JsonFields#quote}) are shown to the sender, who sent them,
 * but left out of {@link #redacted()}, the form that goes to logs and the store: a payload can
 * carry anything, secrets included.
 */
final class InvalidPayloadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final char VALUE_START = '\uE000';
  static final char VALUE_END = '\uE001';

  private final String redacted;

  InvalidPayloadException(String marked) {
    super(
        marked.replace(String.valueOf(VALUE_START), "").replace(String.valueOf(VALUE_END), ""),
        null,
        false,
        false);
    this.redacted = marked.replaceAll(VALUE_START + "[^" + VALUE_END + "]*" + VALUE_END, "…");
  }

  /** The message without any value taken from the payload. */
  String redacted() {
    return redacted;
  }
}
