package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing, version {@code v0}: {@code X-Slack-Signature} is {@code v0=} and the
 * hex HMAC-SHA256, keyed by the app's signing secret, of {@code v0:<timestamp>:<raw body>};
 * {@code X-Slack-Request-Timestamp} (Unix seconds) must be within five minutes of now on either
 * side, so a captured request cannot be replayed later. Compared in constant time.
 */
public final class SlackSignature {

  public static final String SIGNATURE = "X-Slack-Signature";
  public static final String TIMESTAMP = "X-Slack-Request-Timestamp";
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Secret secret;

  public SlackSignature(Secret secret) {
    this.secret = secret;
  }

  /**
   * Checks the headers before any of the body is read, and returns the check that the body,
   * streamed through it as it arrives, carries the signature.
   *
   * @throws ApiException 401 saying what was wrong
   */
  WebhookAuth.BodyCheck check(String timestamp, String signature, Instant now) {
    if (timestamp == null || timestamp.isBlank()) {
      throw ApiException.unauthorized("missing " + TIMESTAMP + " header", null);
    }
    if (signature == null || signature.isBlank()) {
      throw ApiException.unauthorized("missing " + SIGNATURE + " header", null);
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw ApiException.unauthorized(TIMESTAMP + " is not a Unix time in seconds", null);
    }
    if (Math.abs(now.getEpochSecond() - seconds) > WINDOW.toSeconds()) {
      throw ApiException.unauthorized(
          TIMESTAMP + " is more than 5 minutes from now: an old or replayed request", null);
    }
    if (!signature.startsWith("v0=")) {
      throw ApiException.unauthorized(SIGNATURE + " is not a v0= signature", null);
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature.substring(3).trim());
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    byte[] expected = given;
    Mac mac = mac(timestamp.trim());
    return new WebhookAuth.BodyCheck() {
      @Override
      public void update(byte[] bytes, int offset, int length) {
        mac.update(bytes, offset, length);
      }

      @Override
      public void verify() {
        if (!MessageDigest.isEqual(mac.doFinal(), expected)) {
          throw ApiException.unauthorized(SIGNATURE + " does not match the body", null);
        }
      }
    };
  }

  private Mac mac(String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** The signature's HMAC bytes, for tests that sign as Slack does. */
  public byte[] sign(String timestamp, byte[] body) {
    Mac mac = mac(timestamp);
    mac.update(body);
    return mac.doFinal();
  }
}
