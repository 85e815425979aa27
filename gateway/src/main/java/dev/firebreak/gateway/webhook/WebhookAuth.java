package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.http.ApiException;
import java.util.function.Function;

/**
 * Authenticates one source's webhooks. Header checks run before the body is read, so an
 * unauthenticated sender cannot make the gateway read or parse anything; signature checks need
 * the raw body and run after.
 */
interface WebhookAuth {

  /** @throws ApiException 401 when the credentials are missing or wrong */
  default void checkHeaders(Function<String, String> headers) {}

  /** @throws ApiException 401 when the body's signature is missing or wrong */
  default void checkBody(Function<String, String> headers, byte[] body) {}

  /** Local mode: no credentials are configured anywhere and the gateway listens on loopback. */
  WebhookAuth OPEN = new WebhookAuth() {};

  /** A source with no credentials while others have some: refuse rather than run open. */
  static WebhookAuth unconfigured(String source, String settings) {
    return new WebhookAuth() {
      @Override
      public void checkHeaders(Function<String, String> headers) {
        throw ApiException.unauthorized(source + " webhooks are not enabled: no credentials are"
            + " configured for them (set " + settings + ")", null);
      }
    };
  }
}
