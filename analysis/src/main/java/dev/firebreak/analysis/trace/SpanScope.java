package dev.firebreak.analysis.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A started span made current for a block, with its trace and span ids in the logging context
 * ({@code trace.id}, {@code span.id}, the Elastic Common Schema names), so that every line
 * logged inside the block can be found from the trace and the other way round. Closing ends the
 * span and puts back whatever the logging context held before.
 */
public final class SpanScope implements AutoCloseable {

  static final String TRACE_ID = "trace.id";
  static final String SPAN_ID = "span.id";

  private final Span span;
  private final boolean ends;
  private final Scope scope;
  private final String outerTrace;
  private final String outerSpan;

  // The scope is closed by close(): this class is the try-with-resources the checker asks for.
  @SuppressWarnings("MustBeClosedChecker")
  private SpanScope(Span span, boolean ends) {
    this.span = span;
    this.ends = ends;
    this.scope = span.makeCurrent();
    this.outerTrace = MDC.get(TRACE_ID);
    this.outerSpan = MDC.get(SPAN_ID);
    SpanContext context = span.getSpanContext();
    if (context.isValid()) {
      MDC.put(TRACE_ID, context.getTraceId());
      MDC.put(SPAN_ID, context.getSpanId());
    }
  }

  /** Makes {@code span} current until {@link #close()}, which ends it. */
  public static SpanScope of(Span span) {
    return new SpanScope(span, true);
  }

  /**
   * Makes {@code span} current until {@link #close()}, which leaves it running: for work on
   * another thread inside a span its starter ends.
   */
  public static SpanScope enter(Span span) {
    return new SpanScope(span, false);
  }

  public Span span() {
    return span;
  }

  /** Marks the span failed with {@code error}, which the caller still throws or handles. */
  public void fail(Throwable error) {
    span.recordException(error);
    span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
  }

  @Override
  public void close() {
    restore(TRACE_ID, outerTrace);
    restore(SPAN_ID, outerSpan);
    scope.close();
    if (ends) {
      span.end();
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
