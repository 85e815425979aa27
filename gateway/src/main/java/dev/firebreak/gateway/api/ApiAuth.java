package dev.firebreak.gateway.api;

import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.http.ApiException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;

/**
 * Bearer tokens for the REST API: the read token for GET, the write token for everything (it
 * also reads). In local mode the API is open, as the gateway then listens on loopback only.
 */
final class ApiAuth {

  private static final String CHALLENGE = "Bearer realm=\"firebreak-api\"";

  private final boolean open;
  private final Optional<Secret> read;
  private final Optional<Secret> write;

  ApiAuth(GatewayConfig config) {
    this.open = config.localMode();
    this.read = config.apiReadToken();
    this.write = config.apiWriteToken();
  }

  void check(Context ctx) {
    if (open) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized("the API needs an Authorization: Bearer token", CHALLENGE);
    }
    String token = header.substring(7).trim();
    boolean writer = write.map(secret -> secret.matches(token)).orElse(false);
    boolean reader = read.map(secret -> secret.matches(token)).orElse(false);
    boolean reading = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    if (writer || (reader && reading)) {
      return;
    }
    if (reader) {
      throw ApiException.forbidden(
          "the read token cannot change incidents; use the write" + " token");
    }
    throw ApiException.unauthorized("wrong API token", CHALLENGE);
  }
}
