package dev.firebreak.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A credential that never prints itself and compares in constant time. */
public final class Secret {

  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Compares without leaking, through timing, how much of the guess was right. */
  public boolean matches(String candidate) {
    return candidate != null
        && MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** The raw bytes, for use as a key; never log them. */
  public byte[] bytes() {
    return value.clone();
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
