package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.http.ApiException;
import java.util.function.Function;

/** A shared secret in a custom header, as Datadog's webhook custom headers send it. */
final class HeaderSecretAuth implements WebhookAuth {

  private final String header;
  private final Secret secret;

  HeaderSecretAuth(String header, Secret secret) {
    this.header = header;
    this.secret = secret;
  }

  @Override
  public void checkHeaders(Function<String, String> headers) {
    String value = headers.apply(header);
    if (value == null || value.isEmpty()) {
      throw ApiException.unauthorized("missing " + header + " header", null);
    }
    if (!secret.matches(value.trim())) {
      throw ApiException.unauthorized("wrong " + header + " header", null);
    }
  }
}
