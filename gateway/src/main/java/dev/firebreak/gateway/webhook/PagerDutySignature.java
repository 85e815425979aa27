package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.http.ApiException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-PagerDuty-Signature}: comma-separated {@code v1=<hex HMAC-SHA256 of the raw body>}
 * entries, one per active subscription secret during a rotation. Accepted when any entry matches
 * any configured secret; entries of other versions are ignored. PagerDuty signs no timestamp, so
 * replays are stopped by deduplicating on the event id, not here.
 */
final class PagerDutySignature implements WebhookAuth {

  static final String HEADER = "X-PagerDuty-Signature";

  private final List<Secret> secrets;

  PagerDutySignature(List<Secret> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  @Override
  public void checkBody(Function<String, String> headers, byte[] body) {
    String header = headers.apply(HEADER);
    if (header == null || header.isBlank()) {
      throw ApiException.unauthorized("missing " + HEADER + " header", null);
    }
    boolean anyV1 = false;
    for (Secret secret : secrets) {
      byte[] expected = hmac(secret, body);
      for (String entry : header.split(",")) {
        String trimmed = entry.trim();
        if (!trimmed.startsWith("v1=")) {
          continue;
        }
        anyV1 = true;
        byte[] given;
        try {
          given = HexFormat.of().parseHex(trimmed.substring(3));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (MessageDigest.isEqual(expected, given)) {
          return;
        }
      }
    }
    throw ApiException.unauthorized(anyV1 ? "no " + HEADER + " entry matches the body"
        : HEADER + " has no v1= signature", null);
  }

  /** Hex of HMAC-SHA256 over {@code body}, as PagerDuty computes it; used by tests too. */
  static String sign(Secret secret, byte[] body) {
    return "v1=" + HexFormat.of().formatHex(hmac(secret, body));
  }

  private static byte[] hmac(Secret secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
