package dev.firebreak.gateway.trace;

import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.port.IntakeLog;
import dev.firebreak.analysis.trace.SpanScope;
import dev.firebreak.analysis.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;
import java.util.List;

/**
 * The intake log with a span per group commit. A commit serves many webhooks at once, so it is
 * a trace of its own rather than a child of one of them; its size is an attribute.
 */
public final class TracedIntakeLog implements IntakeLog {

  private final IntakeLog log;
  private final Tracer tracer;

  public TracedIntakeLog(IntakeLog log, Tracer tracer) {
    this.log = log;
    this.tracer = tracer;
  }

  @Override
  public List<Boolean> append(List<Signal> signals, Instant receivedAt) {
    Span span =
        tracer
            .spanBuilder(Tracing.INTAKE_COMMIT)
            .setNoParent()
            .setAttribute("firebreak.signals", signals.size())
            .startSpan();
    try (SpanScope scope = SpanScope.of(span)) {
      try {
        List<Boolean> fresh = log.append(signals, receivedAt);
        span.setAttribute("firebreak.signals.new", fresh.stream().filter(f -> f).count());
        return fresh;
      } catch (RuntimeException e) {
        scope.fail(e);
        throw e;
      }
    }
  }

  @Override
  public void recordRejected(RejectedDelivery rejected) {
    log.recordRejected(rejected);
  }
}
