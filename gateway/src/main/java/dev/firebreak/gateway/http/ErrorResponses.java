package dev.firebreak.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become responses, all with the same body shape. */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  public static void install(JavalinDefaultRoutingApi app) {
    app.exception(ApiException.class, (e, ctx) -> write(ctx, e));
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            write(ctx, new ApiException(e.getStatus(), codeFor(e.getStatus()), e.getMessage())));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
          write(
              ctx,
              new ApiException(
                  500, "internal_error", "internal error; the gateway log has the details"));
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            write(
                ctx, ApiException.notFound("no such endpoint: " + ctx.method() + " " + ctx.path()));
          }
        });
    app.error(
        405,
        ctx ->
            write(
                ctx,
                new ApiException(
                    405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path())));
  }

  public static void write(Context ctx, ApiException e) {
    e.headers().forEach(ctx::header);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.code());
    body.put("message", e.getMessage());
    ctx.status(e.status()).json(body);
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      default -> "http_" + status;
    };
  }
}
