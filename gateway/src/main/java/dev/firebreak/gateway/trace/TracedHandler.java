package dev.firebreak.gateway.trace;

import dev.firebreak.analysis.trace.SpanScope;
import dev.firebreak.analysis.trace.Tracing;
import dev.firebreak.gateway.http.ApiException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A route handler with a server span per request, continuing the sender's trace when it sends
 * a W3C {@code traceparent} (Alertmanager does, with tracing on). Attributes follow the
 * OpenTelemetry HTTP conventions; a 4xx is the sender's error, not the span's.
 */
public final class TracedHandler implements Handler {

  private static final TextMapGetter<Context> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
          return List.copyOf(ctx.headerMap().keySet());
        }

        @Override
        public String get(Context ctx, String key) {
          return ctx == null ? null : ctx.header(key);
        }
      };

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final String route;
  private final Handler handler;

  public TracedHandler(Telemetry telemetry, String route, Handler handler) {
    this.openTelemetry = telemetry.openTelemetry();
    this.tracer = telemetry.tracer();
    this.route = route;
    this.handler = handler;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    io.opentelemetry.context.Context parent =
        openTelemetry
            .getPropagators()
            .getTextMapPropagator()
            .extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
    String method = ctx.method().name();
    Span span =
        tracer
            .spanBuilder(method + " " + route)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", method)
            .setAttribute("http.route", route)
            .setAttribute("firebreak.operation", Tracing.WEBHOOK)
            .startSpan();
    try (SpanScope scope = SpanScope.of(span)) {
      try {
        handler.handle(ctx);
        span.setAttribute("http.response.status_code", ctx.statusCode());
      } catch (ApiException e) {
        span.setAttribute("http.response.status_code", e.status());
        if (e.status() >= 500) {
          scope.fail(e);
        }
        throw e;
      } catch (Exception e) {
        span.setAttribute("http.response.status_code", 500);
        scope.fail(e);
        throw e;
      }
    }
  }
}
