package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.http.ApiException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
  public BodyCheck bodyCheck(Function<String, String> headers) {
    String header = headers.apply(HEADER);
    if (header == null || header.isBlank()) {
      throw ApiException.unauthorized("missing " + HEADER + " header", null);
    }
    List<byte[]> given = new ArrayList<>();
    for (String entry : header.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.startsWith("v1=")) {
        try {
          given.add(HexFormat.of().parseHex(trimmed.substring(3)));
        } catch (IllegalArgumentException e) {
          // A malformed entry matches nothing; another entry may still match.
          given.add(new byte[0]);
        }
      }
    }
    if (given.isEmpty()) {
      throw ApiException.unauthorized(HEADER + " has no v1= signature", null);
    }
    List<Mac> macs = new ArrayList<>(secrets.size());
    for (Secret secret : secrets) {
      macs.add(mac(secret));
    }
    return new BodyCheck() {
      @Override
      public void update(byte[] bytes, int offset, int length) {
        for (Mac mac : macs) {
          mac.update(bytes, offset, length);
        }
      }

      @Override
      public void verify() {
        boolean match = false;
        for (Mac mac : macs) {
          byte[] expected = mac.doFinal();
          for (byte[] signature : given) {
            match |= MessageDigest.isEqual(expected, signature);
          }
        }
        if (!match) {
          throw ApiException.unauthorized("no " + HEADER + " entry matches the body", null);
        }
      }
    };
  }

  /** Hex of HMAC-SHA256 over {@code body}, as PagerDuty computes it; used by tests too. */
  static String sign(Secret secret, byte[] body) {
    return "v1=" + HexFormat.of().formatHex(hmac(secret, body));
  }

  private static byte[] hmac(Secret secret, byte[] body) {
    return mac(secret).doFinal(body);
  }

  private static Mac mac(Secret secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
