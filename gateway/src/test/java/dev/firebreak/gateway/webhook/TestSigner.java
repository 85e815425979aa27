package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.config.Secret;

/** Signs bodies exactly as PagerDuty does, for tests in other packages. */
public final class TestSigner {

  private TestSigner() {}

  public static String sign(Secret secret, byte[] body) {
    return PagerDutySignature.sign(secret, body);
  }
}
