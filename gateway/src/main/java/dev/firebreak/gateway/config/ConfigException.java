package dev.firebreak.gateway.config;

/** A setting is unknown or malformed; start-up stops with this message. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
