package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * A bearer token or basic auth, either configured credential accepted: Alertmanager's {@code
 * http_config} ({@code authorization}, {@code basic_auth}) and Grafana's webhook contact point
 * (authorization header, basic auth). Neither signs its bodies.
 */
final class BearerOrBasicAuth implements WebhookAuth {

  private static final String CHALLENGE = "Bearer realm=\"firebreak\", Basic realm=\"firebreak\"";

  private final String sender;
  private final Optional<Secret> token;
  private final Optional<String> username;
  private final Optional<Secret> password;

  BearerOrBasicAuth(
      String sender, Optional<Secret> token, Optional<String> username, Optional<Secret> password) {
    this.sender = sender;
    this.token = token;
    this.username = username;
    this.password = password;
  }

  /**
   * Nothing of the header is ever quoted back or logged: a token sent without its scheme (a
   * plausible misconfiguration) would otherwise be echoed as the "scheme".
   */
  @Override
  public void checkHeaders(Function<String, String> headers) {
    String authorization = headers.apply("Authorization");
    if (authorization == null || authorization.isBlank()) {
      throw ApiException.unauthorized("missing Authorization header", CHALLENGE);
    }
    String trimmed = authorization.trim();
    int space = trimmed.indexOf(' ');
    if (space < 0) {
      throw ApiException.unauthorized(
          "the Authorization header has no scheme; expected"
              + " 'Bearer <token>' or 'Basic <base64 user:password>'",
          CHALLENGE);
    }
    String scheme = trimmed.substring(0, space);
    String credentials = trimmed.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer") && token.isPresent()) {
      if (token.get().matches(credentials)) {
        return;
      }
    } else if (scheme.equalsIgnoreCase("Basic") && username.isPresent()) {
      if (basicMatches(credentials)) {
        return;
      }
    } else {
      throw ApiException.unauthorized(
          "the Authorization scheme is not one configured for"
              + " "
              + sender
              + " webhooks; expected "
              + expected(),
          CHALLENGE);
    }
    throw ApiException.unauthorized("wrong credentials", CHALLENGE);
  }

  private String expected() {
    if (token.isPresent() && username.isPresent()) {
      return "Bearer or Basic";
    }
    return token.isPresent() ? "Bearer" : "Basic";
  }

  private boolean basicMatches(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    // Compare both halves every time so the timing does not tell which one was wrong.
    boolean user = Secret.of(username.orElseThrow()).matches(decoded.substring(0, colon));
    boolean pass = password.orElseThrow().matches(decoded.substring(colon + 1));
    return user & pass;
  }
}
