package dev.firebreak.analysis.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/** The instrumentation scope Firebreak's own spans are recorded under, and span names. */
public final class Tracing {

  public static final String SCOPE = "dev.firebreak";

  public static final String WEBHOOK = "webhook";
  public static final String INTAKE_COMMIT = "intake.commit";
  public static final String CORRELATION_BATCH = "correlation.batch";
  public static final String INVESTIGATION = "investigation";
  public static final String SOURCE_QUERY = "evidence.query";

  private Tracing() {}

  /** A tracer that records nothing: the default of every traced class. */
  public static Tracer off() {
    return OpenTelemetry.noop().getTracer(SCOPE);
  }
}
