package dev.firebreak.gateway.trace;

import dev.firebreak.analysis.trace.Tracing;
import dev.firebreak.gateway.BuildInfo;
import dev.firebreak.gateway.config.ConfigException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Firebreak's own traces. Off unless the standard {@code OTEL_*} variables ask for an exporter
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code
 * OTEL_TRACES_EXPORTER}); then the OpenTelemetry SDK is configured from them as the SDK's own
 * autoconfiguration does, with {@code service.name=firebreak}, the build's version, and no
 * metric or log export (metrics are on {@code /metrics}, logs on standard error) unless those
 * variables say otherwise. OTLP goes over HTTP (the JDK's client); gRPC is not bundled.
 */
public final class Telemetry implements AutoCloseable {

  private static final AttributeKey<String> SERVICE_VERSION =
      AttributeKey.stringKey("service.version");

  private final OpenTelemetry openTelemetry;
  private final boolean on;
  private final Optional<OpenTelemetrySdk> sdk;

  private Telemetry(OpenTelemetry openTelemetry, boolean on, Optional<OpenTelemetrySdk> sdk) {
    this.openTelemetry = openTelemetry;
    this.on = on;
    this.sdk = sdk;
  }

  /** No spans recorded. */
  public static Telemetry off() {
    return new Telemetry(OpenTelemetry.noop(), false, Optional.empty());
  }

  /** Spans recorded by {@code openTelemetry}, which the caller owns (tests). */
  public static Telemetry using(OpenTelemetry openTelemetry) {
    return new Telemetry(openTelemetry, true, Optional.empty());
  }

  /** As the environment says; off when it names no trace exporter. */
  public static Telemetry fromEnvironment(Map<String, String> environment) {
    if (!wanted(environment)) {
      return off();
    }
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", "firebreak");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    // The SDK's default is gRPC, which needs a second HTTP stack; OTLP/HTTP is bundled.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    // Settings handed in (not only the process's own environment) count too: tests and replay.
    environment.forEach(
        (key, value) -> {
          if (key.startsWith("OTEL_")) {
            defaults.put(key.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    for (String key :
        List.of("otel.exporter.otlp.protocol", "otel.exporter.otlp.traces.protocol")) {
      String protocol = defaults.getOrDefault(key, "http/protobuf");
      if (!protocol.equals("http/protobuf")) {
        throw new ConfigException(
            key.toUpperCase(Locale.ROOT).replace('.', '_')
                + "="
                + protocol
                + ": Firebreak exports OTLP over HTTP only (http/protobuf, port 4318)");
      }
    }
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> defaults)
              .addResourceCustomizer(
                  (resource, properties) ->
                      resource.merge(
                          Resource.create(
                              Attributes.of(SERVICE_VERSION, BuildInfo.current().version()))))
              .build()
              .getOpenTelemetrySdk();
      return new Telemetry(sdk, true, Optional.of(sdk));
    } catch (RuntimeException e) {
      throw new ConfigException("OpenTelemetry (OTEL_* settings): " + describe(e));
    }
  }

  /** The SDK wraps what went wrong ("Unexpected configuration error"): name the cause too. */
  private static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  private static boolean wanted(Map<String, String> environment) {
    if ("true".equalsIgnoreCase(environment.getOrDefault("OTEL_SDK_DISABLED", ""))) {
      return false;
    }
    String exporter = environment.getOrDefault("OTEL_TRACES_EXPORTER", "");
    if (!exporter.isBlank()) {
      return !exporter.trim().equalsIgnoreCase("none");
    }
    return !environment.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank()
        || !environment.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isBlank();
  }

  public boolean isOn() {
    return on;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public Tracer tracer() {
    return openTelemetry.getTracer(Tracing.SCOPE, BuildInfo.current().version());
  }

  /** Exports what is still buffered and stops; waits at most five seconds. */
  @Override
  public void close() {
    sdk.ifPresent(owned -> owned.shutdown().join(5, TimeUnit.SECONDS));
  }
}
