package dev.firebreak.gateway.metrics;

import dev.firebreak.analysis.intake.Intake;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.Component;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** {@code /health} (the process is alive), {@code /ready} (it can take webhooks), /metrics. */
public final class OperationsRoutes {

  private static final long SOURCE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final ExecutorService CHECKS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "firebreak-source-check");
            thread.setDaemon(true);
            return thread;
          });

  private OperationsRoutes() {}

  /**
   * @param components what intake needs; any failing makes the gateway not ready
   * @param optional evidence sources: shown by {@code /ready} but never failing it, since
   *     webhooks are taken and incidents opened while Loki or Prometheus is down
   */
  public static void mount(
      JavalinDefaultRoutingApi app,
      GatewayMetrics metrics,
      Intake intake,
      Map<String, Component> components,
      Map<String, Component> optional,
      Map<String, BooleanSupplier> workers) {
    ExpositionFormats formats = ExpositionFormats.init();
    // What someone opening the gateway's address in a browser, or curl, needs to find the rest.
    Map<String, String> index = new java.util.LinkedHashMap<>();
    index.put("service", "firebreak");
    index.put("health", "/health");
    index.put("ready", "/ready");
    index.put("metrics", "/metrics");
    index.put("api", "/api/openapi.yaml");
    index.put("incidents", "/api/incidents");
    app.get("/", ctx -> ctx.json(index));
    app.get("/health", ctx -> ctx.json(Map.of("status", "up")));
    app.get("/ready", ctx -> ready(ctx, intake, components, optional, workers));
    app.get("/metrics", ctx -> scrape(ctx, metrics, formats));
  }

  private static void ready(
      Context ctx,
      Intake intake,
      Map<String, Component> components,
      Map<String, Component> optional,
      Map<String, BooleanSupplier> workers) {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean ready = true;
    for (var entry : components.entrySet()) {
      CheckResult result = entry.getValue().check();
      ready &= result.ok();
      checks.put(entry.getKey(), Map.of("ok", result.ok(), "detail", result.detail()));
    }
    CheckResult commits = intake.check();
    ready &= commits.ok();
    checks.put("intake", Map.of("ok", commits.ok(), "detail", commits.detail()));
    List<String> dead = new ArrayList<>();
    workers.forEach(
        (name, alive) -> {
          if (!alive.getAsBoolean()) {
            dead.add(name);
          }
        });
    ready &= dead.isEmpty();
    checks.put(
        "workers",
        Map.of(
            "ok",
            dead.isEmpty(),
            "detail",
            dead.isEmpty() ? "all running" : "stopped: " + String.join(", ", dead)));
    // Asked at once and for a second at most: readiness probes time out quickly, and a
    // slow Loki must not make the gateway look down.
    Map<String, CompletableFuture<CheckResult>> pending = new LinkedHashMap<>();
    optional.forEach(
        (name, component) ->
            pending.put(name, CompletableFuture.supplyAsync(component::check, CHECKS)));
    long deadline = System.nanoTime() + SOURCE_CHECK_NANOS;
    Map<String, Object> sources = new LinkedHashMap<>();
    for (var entry : pending.entrySet()) {
      CheckResult result;
      try {
        result =
            entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        result = CheckResult.failed("no answer within 1 s");
      } catch (ExecutionException e) {
        result = CheckResult.failed(e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result = CheckResult.failed("interrupted");
      }
      sources.put(entry.getKey(), Map.of("ok", result.ok(), "detail", result.detail()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "ready" : "degraded");
    body.put("checks", checks);
    body.put("evidenceSources", sources);
    ctx.status(ready ? 200 : 503).json(body);
  }

  private static void scrape(Context ctx, GatewayMetrics metrics, ExpositionFormats formats)
      throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, metrics.registry().scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}
