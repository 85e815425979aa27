package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.http.ApiException;
import java.util.function.Function;

/**
 * Authenticates one source's webhooks. Header checks run before the body is read, so an
 * unauthenticated sender cannot make the gateway read or parse anything; signature checks need
 * the raw body and are fed it as it is read, within a budget of unauthenticated bytes.
 */
interface WebhookAuth {

  /** @throws ApiException 401 when the credentials are missing or wrong */
  default void checkHeaders(Function<String, String> headers) {}

  /**
   * A check the body is streamed through as it is read, or null when the body needs none.
   *
   * @throws ApiException 401 at once when the headers already show the check cannot pass (no
   *     signature at all), so such a sender's body is never read
   */
  default BodyCheck bodyCheck(Function<String, String> headers) {
    return null;
  }

  /** A signature computed over the body as it streams by. */
  interface BodyCheck {
    void update(byte[] bytes, int offset, int length);

    /** @throws ApiException 401 when the body's signature is wrong */
    void verify();
  }

  /** Local mode: no credentials are configured anywhere and the gateway listens on loopback. */
  WebhookAuth OPEN = new WebhookAuth() {};

  /** A source with no credentials while others have some: refuse rather than run open. */
  static WebhookAuth unconfigured(String source, String settings) {
    return new WebhookAuth() {
      @Override
      public void checkHeaders(Function<String, String> headers) {
        throw ApiException.unauthorized(
            source
                + " webhooks are not enabled: no credentials are"
                + " configured for them (set "
                + settings
                + ")",
            null);
      }
    };
  }
}
