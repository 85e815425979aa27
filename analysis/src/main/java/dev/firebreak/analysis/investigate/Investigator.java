package dev.firebreak.analysis.investigate;

import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.RecordedExchange;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.EvidenceLimits;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.EvidenceSource;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.ExchangeRecorder;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.LogSource;
import dev.firebreak.analysis.port.MetricSource;
import dev.firebreak.analysis.port.StoredEvidence;
import dev.firebreak.analysis.port.TraceSource;
import dev.firebreak.analysis.trace.SpanScope;
import dev.firebreak.analysis.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the evidence around one incident: asks every configured source at once for the same
 * window, gives each the same time budget, and keeps whatever each found, even from a source
 * that failed or ran out of time.
 */
public final class Investigator {

  private static final Logger LOG = LoggerFactory.getLogger(Investigator.class);
  private static final int MAX_ALERT_EXPRESSIONS = 10;

  /** How many services that failing traces pass through are asked about besides the alert's. */
  static final int MAX_CALLED_SERVICES = 4;

  private final List<EvidenceSource> sources;
  private final InvestigationSettings settings;
  private final ExecutorService pool;
  private final Tracer tracer;

  /**
   * @param sources metric, log and trace sources, asked in this order and reported so
   * @param pool runs the sources; each run uses one thread per source for at most the budget
   */
  public Investigator(
      List<? extends EvidenceSource> sources,
      InvestigationSettings settings,
      ExecutorService pool) {
    this(sources, settings, pool, Tracing.off());
  }

  /** @param tracer records a span per run and, inside it, one per source asked */
  public Investigator(
      List<? extends EvidenceSource> sources,
      InvestigationSettings settings,
      ExecutorService pool,
      Tracer tracer) {
    this.tracer = tracer;
    for (EvidenceSource source : sources) {
      if (!(source instanceof MetricSource
          || source instanceof LogSource
          || source instanceof TraceSource)) {
        throw new IllegalArgumentException("not a metric, log or trace source: " + source);
      }
    }
    this.sources = List.copyOf(sources);
    this.settings = settings;
    this.pool = pool;
  }

  public List<EvidenceSource> sources() {
    return sources;
  }

  public InvestigationSettings settings() {
    return settings;
  }

  /** The evidence of one run, and when to follow it up because its window is not over yet. */
  public record Outcome(StoredEvidence evidence, Instant followUpAt) {}

  public Outcome investigate(IncidentDetail detail, int run, Instant now) {
    Span span =
        tracer
            .spanBuilder(Tracing.INVESTIGATION)
            .setAttribute("firebreak.incident.id", detail.incident().id())
            .setAttribute("firebreak.run", run)
            .startSpan();
    try (SpanScope scope = SpanScope.of(span)) {
      try {
        Outcome outcome = gather(detail, run, now);
        span.setAttribute(
            "firebreak.evidence.items",
            outcome.evidence().evidence().metrics().size()
                + outcome.evidence().evidence().logs().size()
                + outcome.evidence().evidence().traces().size());
        return outcome;
      } catch (RuntimeException e) {
        scope.fail(e);
        throw e;
      }
    }
  }

  private Outcome gather(IncidentDetail detail, int run, Instant now) {
    Incident incident = detail.incident();
    Instant start = incident.openedAt().minus(settings.lookback());
    Instant latest =
        incident.lastSignalAt().isAfter(incident.openedAt())
            ? incident.lastSignalAt()
            : incident.openedAt();
    Instant wantedEnd = latest.plus(settings.after());
    Instant end = now.isBefore(wantedEnd) ? now : wantedEnd;
    if (end.isBefore(start)) {
      end = start;
    }
    List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    EvidenceRequest request = request(detail, new TimeWindow(start, end), exchanges::add);

    List<Running<?>> running = new ArrayList<>();
    for (EvidenceSource source : sources) {
      running.add(submit(source, request));
    }
    long deadline = System.nanoTime() + settings.sourceTimeout().toNanos();
    List<SourceReport> reports = new ArrayList<>();
    List<MetricSeries> metrics = new ArrayList<>();
    List<LogLine> logs = new ArrayList<>();
    List<TraceSummary> traces = new ArrayList<>();
    for (Running<?> task : running) {
      reports.add(task.await(deadline, now));
    }
    // The alerting service is often a victim: the metrics and logs of the services its failing
    // traces pass through are what tell the culprit and its cause. They are known only once
    // traces have answered, so they are a second, bounded round with a budget of its own.
    List<String> called = calledServices(running, request.services());
    if (!called.isEmpty()) {
      List<Running<?>> second = new ArrayList<>();
      for (String service : called) {
        EvidenceRequest about = aboutService(request, service, called.size());
        for (EvidenceSource source : sources) {
          if (source instanceof MetricSource || source instanceof LogSource) {
            second.add(submit(source, about));
          }
        }
      }
      long secondDeadline = System.nanoTime() + settings.sourceTimeout().toNanos();
      for (Running<?> task : second) {
        reports.add(task.await(secondDeadline, now));
      }
      running.addAll(second);
    }
    for (Running<?> task : running) {
      for (Object item : task.findings.items()) {
        if (item instanceof MetricSeries series) {
          metrics.add(series.withId("metric:" + (metrics.size() + 1)));
        } else if (item instanceof LogLine line) {
          logs.add(line.withId("log:" + (logs.size() + 1)));
        } else if (item instanceof TraceSummary trace) {
          traces.add(trace.withId("trace:" + (traces.size() + 1)));
        }
      }
    }
    Evidence evidence =
        new Evidence(incident.id(), run, now, request.window(), reports, metrics, logs, traces);
    List<RecordedExchange> recorded;
    synchronized (exchanges) {
      recorded = List.copyOf(exchanges);
    }
    return new Outcome(
        new StoredEvidence(evidence, recorded), now.isBefore(wantedEnd) ? wantedEnd : null);
  }

  /**
   * The services failing traces pass through, other than those the incident names, the most
   * often seen first. Only services that emit spans themselves: an untraced peer (a database,
   * a payment provider) has no metrics under its name to ask for.
   */
  static List<String> calledServices(List<Running<?>> running, Set<String> named) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Running<?> task : running) {
      for (Object item : task.findings.items()) {
        if (item instanceof TraceSummary trace
            && trace.spans().stream().anyMatch(dev.firebreak.analysis.model.Span::error)) {
          trace.spans().stream()
              .map(dev.firebreak.analysis.model.Span::service)
              .filter(service -> !service.isBlank() && !named.contains(service))
              .distinct()
              .forEach(service -> seen.merge(service, 1, Integer::sum));
        }
      }
    }
    return seen.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_CALLED_SERVICES)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The same window asked about another service: its name and the incident's cluster, not the
   * incident's namespace or instance, which belong to the alerting service. The second round
   * as a whole takes no more series and lines than one source may in the first: each of the
   * {@code services} asked gets its share, so a run holds at most twice the limits.
   */
  private static EvidenceRequest aboutService(
      EvidenceRequest request, String service, int services) {
    EvidenceLimits limits = request.limits();
    EvidenceLimits share =
        new EvidenceLimits(
            Math.max(1, limits.maxSeries() / services),
            limits.maxPoints(),
            Math.max(1, limits.maxLogLines() / services),
            limits.maxTraces(),
            limits.maxResponseBytes());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", service);
    String cluster = request.labels().get("cluster");
    if (cluster != null) {
      labels.put("cluster", cluster);
    }
    return new EvidenceRequest(
        request.incidentId(),
        request.window(),
        labels,
        Set.of(service),
        List.of(),
        share,
        request.recorder());
  }

  /** What every source is asked about this incident. */
  EvidenceRequest request(IncidentDetail detail, TimeWindow window, ExchangeRecorder recorder) {
    Incident incident = detail.incident();
    // Firing signals first: they describe what is wrong now.
    List<Signal> signals =
        detail.signals().stream()
            .map(StoredSignal::signal)
            .sorted(Comparator.comparing(signal -> !signal.status().isFiring()))
            .toList();
    Map<String, String> labels = new LinkedHashMap<>();
    for (String key : settings.labelKeys()) {
      String value = incident.labels().get(key);
      for (int i = 0; value == null && i < signals.size(); i++) {
        value = signals.get(i).labels().get(key);
      }
      if (value != null && !value.isBlank()) {
        labels.put(key, value);
      }
    }
    Set<String> services = new LinkedHashSet<>();
    if (incident.service() != null) {
      services.add(incident.service());
    }
    Set<String> expressions = new LinkedHashSet<>();
    for (Signal signal : signals) {
      if (signal.service() != null && !signal.service().isBlank()) {
        services.add(signal.service());
      }
      if (expressions.size() < MAX_ALERT_EXPRESSIONS) {
        AlertExpressions.of(signal).ifPresent(expressions::add);
      }
    }
    return new EvidenceRequest(
        incident.id(),
        window,
        labels,
        services,
        new ArrayList<>(expressions),
        settings.limits(),
        recorder);
  }

  private Running<?> submit(EvidenceSource source, EvidenceRequest request) {
    // Started here, under the run's span, and ended by await() with the source's outcome; a
    // source cut off at the budget still gets its span.
    Span span =
        tracer
            .spanBuilder(Tracing.SOURCE_QUERY)
            .setAttribute("firebreak.source", source.name())
            .setAttribute("firebreak.source.kind", source.kind().wireName())
            .startSpan();
    if (source instanceof MetricSource metrics) {
      Findings<MetricSeries> out = new Findings<>(request.limits().maxSeries());
      return new Running<>(
          source, out, span, pool.submit(traced(span, () -> metrics.collect(request, out))));
    }
    if (source instanceof LogSource logs) {
      Findings<LogLine> out = new Findings<>(request.limits().maxLogLines());
      return new Running<>(
          source, out, span, pool.submit(traced(span, () -> logs.collect(request, out))));
    }
    TraceSource traces = (TraceSource) source;
    Findings<TraceSummary> out = new Findings<>(request.limits().maxTraces());
    return new Running<>(
        source, out, span, pool.submit(traced(span, () -> traces.collect(request, out))));
  }

  /** The source's calls run with its span current, so their log lines carry its trace id. */
  private static Callable<Void> traced(Span span, Collector collector) {
    return () -> {
      try (SpanScope scope = SpanScope.enter(span)) {
        collector.collect();
        return null;
      }
    };
  }

  @FunctionalInterface
  private interface Collector {
    void collect() throws Exception;
  }

  /** One source being asked. */
  private static final class Running<T> {
    final EvidenceSource source;
    final Findings<T> findings;
    final Span span;
    final Future<?> future;
    final long startedNanos = System.nanoTime();

    Running(EvidenceSource source, Findings<T> findings, Span span, Future<?> future) {
      this.source = source;
      this.span = span;
      this.findings = findings;
      this.future = future;
    }

    SourceReport await(long deadlineNanos, Instant startedAt) {
      SourceOutcome outcome;
      String error;
      try {
        future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        String truncation = findings.truncation();
        outcome = truncation.isEmpty() ? SourceOutcome.OK : SourceOutcome.TRUNCATED;
        error = truncation;
      } catch (TimeoutException e) {
        future.cancel(true);
        outcome = SourceOutcome.TIMED_OUT;
        error = "no complete answer within the time budget";
      } catch (ExecutionException e) {
        boolean timedOut =
            e.getCause() instanceof EvidenceSourceException source
                && source.reason() == EvidenceSourceException.Reason.TIMEOUT;
        outcome = timedOut ? SourceOutcome.TIMED_OUT : SourceOutcome.FAILED;
        error = describe(e.getCause());
        LOG.warn("evidence source {} failed: {}", source.name(), error);
      } catch (CancellationException e) {
        outcome = SourceOutcome.FAILED;
        error = "cancelled";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        future.cancel(true);
        outcome = SourceOutcome.FAILED;
        error = "interrupted";
      }
      span.setAttribute("firebreak.source.outcome", outcome.wireName());
      span.setAttribute("firebreak.source.items", findings.items().size());
      if (outcome == SourceOutcome.FAILED || outcome == SourceOutcome.TIMED_OUT) {
        span.setStatus(StatusCode.ERROR, error);
      }
      span.end();
      long took = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
      return new SourceReport(
          source.name(),
          source.kind(),
          findings.queries(),
          startedAt,
          took,
          outcome,
          error,
          findings.items().size());
    }

    private static String describe(Throwable cause) {
      if (cause instanceof EvidenceSourceException source) {
        return source.getMessage();
      }
      return cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
  }
}
