package dev.firebreak.analysis.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.EvidenceLimits;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.analysis.port.LogSource;
import dev.firebreak.analysis.port.MetricSource;
import dev.firebreak.analysis.port.TraceSource;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvestigatorTest {

  private static final Instant OPENED = Instant.parse("2026-03-01T09:00:00Z");
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static InvestigationSettings settings(Duration budget) {
    return new InvestigationSettings(
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        budget,
        EvidenceLimits.defaults(),
        InvestigationSettings.DEFAULT_LABEL_KEYS,
        3,
        Duration.ofMinutes(1),
        1,
        3);
  }

  private static IncidentDetail incident() {
    Map<String, String> labels =
        Map.of(
            "alertname",
            "HighErrorRate",
            "service",
            "checkout",
            "job",
            "checkout-api",
            "namespace",
            "shop",
            "instance",
            "10.0.0.7:8080");
    Signal signal =
        new Signal(
            Source.ALERTMANAGER,
            "d1",
            "g1",
            "a1",
            SignalStatus.FIRING,
            "firing",
            Severity.CRITICAL,
            "errors above 5%",
            labels,
            Map.of(),
            Map.of(
                "generatorURL",
                "http://prometheus:9090/graph?g0.expr=sum+by+%28service%29"
                    + "+%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B1m%5D%29%29+%3E+0.05"
                    + "&g0.tab=1"),
            OPENED,
            null,
            0);
    Incident incident =
        new Incident(
            4,
            "errors above 5%",
            IncidentStatus.OPEN,
            Severity.CRITICAL,
            "checkout",
            labels,
            EnumSet.of(Source.ALERTMANAGER),
            OPENED,
            OPENED,
            OPENED.plusSeconds(60),
            null,
            null,
            1);
    return new IncidentDetail(
        incident, List.of(new StoredSignal(1, OPENED, signal, 4L)), List.of());
  }

  @Test
  void investigate_asksEverySourceTheSameWindowAndNumbersTheItems() {
    AtomicReference<EvidenceRequest> asked = new AtomicReference<>();
    MetricSource metrics =
        new TestMetrics(
            (request, out) -> {
              asked.set(request);
              out.add(series("a"));
              out.add(series("b"));
            });
    LogSource logs =
        new TestLogs((request, out) -> out.add(new LogLine("", OPENED, "error", "boom", Map.of())));
    Investigator investigator =
        new Investigator(List.of(metrics, logs), settings(Duration.ofSeconds(5)), pool);

    Instant now = OPENED.plusSeconds(120);
    Investigator.Outcome outcome = investigator.investigate(incident(), 1, now);

    EvidenceRequest request = asked.get();
    assertThat(request.window()).isEqualTo(new TimeWindow(OPENED.minusSeconds(1800), now));
    assertThat(request.labels().keySet())
        .containsExactly("service", "job", "namespace", "instance");
    assertThat(request.services()).containsExactly("checkout");
    assertThat(request.alertExpressions())
        .containsExactly("sum by (service) (rate(http_requests_total{code=~\"5..\"}[1m])) > 0.05");
    var evidence = outcome.evidence().evidence();
    assertThat(evidence.metrics())
        .extracting(MetricSeries::id)
        .containsExactly("metric:1", "metric:2");
    assertThat(evidence.logs()).extracting(LogLine::id).containsExactly("log:1");
    assertThat(evidence.reports())
        .extracting(SourceReport::outcome)
        .containsExactly(SourceOutcome.OK, SourceOutcome.OK);
    // Ran before the window's end (latest signal + 5 min): follow up then.
    assertThat(outcome.followUpAt()).isEqualTo(OPENED.plusSeconds(60 + 300));
  }

  @Test
  void investigate_asksMetricsOfTheTracedServicesFailingTracesPassThrough() {
    List<EvidenceRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    MetricSource metrics =
        new TestMetrics(
            (request, out) -> {
              asked.add(request);
              out.add(series("cpu of " + request.labels().get("service")));
            });
    TraceSource traces =
        traceOf(
            span("a", null, "checkout", "server", true, Map.of()),
            span("b", "a", "checkout", "client", true, Map.of("peer.service", "payments")),
            span("c", "b", "payments", "server", false, Map.of()),
            // An untraced dependency has no metrics of its own to ask for.
            span("d", "c", "payments", "client", false, Map.of("peer.service", "card-gateway")));
    List<java.util.Set<String>> logsAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    LogSource logs = new TestLogs((request, out) -> logsAsked.add(request.services()));
    Investigator investigator =
        new Investigator(List.of(metrics, logs, traces), settings(Duration.ofSeconds(5)), pool);

    var evidence =
        investigator.investigate(incident(), 1, OPENED.plusSeconds(120)).evidence().evidence();

    assertThat(asked)
        .extracting(r -> r.labels().get("service"))
        .containsExactly("checkout", "payments");
    assertThat(logsAsked)
        .containsExactly(java.util.Set.of("checkout"), java.util.Set.of("payments"));
    EvidenceRequest second = asked.get(1);
    assertThat(second.labels()).containsOnlyKeys("service");
    assertThat(second.alertExpressions()).isEmpty();
    // One called service: the second round's whole share of the limits.
    assertThat(second.limits().maxSeries()).isEqualTo(EvidenceLimits.defaults().maxSeries());
    assertThat(second.window()).isEqualTo(asked.get(0).window());
    assertThat(evidence.metrics())
        .extracting(MetricSeries::id, MetricSeries::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("metric:1", "cpu of checkout"),
            org.assertj.core.groups.Tuple.tuple("metric:2", "cpu of payments"));
    assertThat(evidence.reports()).hasSize(5);
  }

  @Test
  void investigate_sharesOneSourcesLimitsAmongTheCalledServices() {
    List<EvidenceRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    MetricSource metrics = new TestMetrics((request, out) -> asked.add(request));
    TraceSource traces =
        traceOf(
            span("a", null, "checkout", "server", true, Map.of()),
            span("b", "a", "payments", "server", true, Map.of()),
            span("c", "a", "ledger", "server", false, Map.of()));
    new Investigator(List.of(metrics, traces), settings(Duration.ofSeconds(5)), pool)
        .investigate(incident(), 1, OPENED.plusSeconds(120));

    // The second round's services are asked at once, in no set order.
    assertThat(asked.get(0).labels().get("service")).isEqualTo("checkout");
    assertThat(asked.subList(1, asked.size()))
        .extracting(r -> r.labels().get("service"))
        .containsExactlyInAnyOrder("ledger", "payments");
    int half = EvidenceLimits.defaults().maxSeries() / 2;
    assertThat(asked.subList(1, 3))
        .allSatisfy(r -> assertThat(r.limits().maxSeries()).isEqualTo(half));
  }

  @Test
  void investigate_asksNoOtherServiceWhenNoTraceFails() {
    List<EvidenceRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    MetricSource metrics = new TestMetrics((request, out) -> asked.add(request));
    TraceSource traces =
        traceOf(
            span("a", null, "checkout", "server", false, Map.of()),
            span("c", "a", "payments", "server", false, Map.of()));
    new Investigator(List.of(metrics, traces), settings(Duration.ofSeconds(5)), pool)
        .investigate(incident(), 1, OPENED.plusSeconds(120));

    assertThat(asked).hasSize(1);
  }

  /** A trace source that answers every request with one trace of these spans. */
  private static TraceSource traceOf(dev.firebreak.analysis.model.Span... spans) {
    return new TestTraces(
        (request, out) ->
            out.add(dev.firebreak.analysis.model.TraceSummary.of("t1", List.of(spans))));
  }

  private static dev.firebreak.analysis.model.Span span(
      String id,
      String parent,
      String service,
      String kind,
      boolean error,
      Map<String, String> tags) {
    return new dev.firebreak.analysis.model.Span(
        id, parent, service, "op", kind, OPENED, 1000, error, error ? "boom" : "", tags);
  }

  @Test
  void investigate_keepsWhatOtherSourcesFoundWhenOneFailsOneHangsOneAnswersGarbage() {
    MetricSource failing =
        new TestMetrics(
            (request, out) -> {
              throw new EvidenceSourceException(
                  "prometheus", EvidenceSourceException.Reason.HTTP_ERROR, 503, "HTTP 503");
            });
    LogSource hanging =
        new TestLogs(
            (request, out) -> {
              out.add(new LogLine("", OPENED, "error", "first line before the hang", Map.of()));
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    TraceSource garbage =
        new TestTraces(
            (request, out) -> {
              throw new IllegalStateException("unexpected token");
            });
    MetricSource healthy = new TestMetrics((request, out) -> out.add(series("ok")));
    Investigator investigator =
        new Investigator(
            List.of(failing, healthy, hanging, garbage), settings(Duration.ofMillis(500)), pool);

    long started = System.nanoTime();
    var evidence =
        investigator.investigate(incident(), 1, OPENED.plusSeconds(900)).evidence().evidence();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(tookMillis).isLessThan(5_000);
    assertThat(evidence.reports())
        .extracting(SourceReport::outcome)
        .containsExactly(
            SourceOutcome.FAILED, SourceOutcome.OK, SourceOutcome.TIMED_OUT, SourceOutcome.FAILED);
    assertThat(evidence.reports().get(0).error()).contains("HTTP 503");
    assertThat(evidence.reports().get(3).error()).contains("unexpected token");
    assertThat(evidence.metrics()).hasSize(1);
    assertThat(evidence.logs())
        .extracting(LogLine::message)
        .containsExactly("first line before the hang");
    assertThat(evidence.complete()).isFalse();
  }

  @Test
  void investigate_windowIsCutAtNowAndNoFollowUpOnceOver() {
    Investigator investigator = new Investigator(List.of(), settings(Duration.ofSeconds(1)), pool);
    Instant late = OPENED.plusSeconds(3600);
    var outcome = investigator.investigate(incident(), 2, late);
    assertThat(outcome.evidence().evidence().window())
        .isEqualTo(new TimeWindow(OPENED.minusSeconds(1800), OPENED.plusSeconds(360)));
    assertThat(outcome.followUpAt()).isNull();
  }

  @Test
  void alertExpressions_readGeneratorUrlOrDatadogQuery() {
    assertThat(AlertExpressions.graphExpression("http://p:9090/graph?g0.expr=up+%3D%3D+0"))
        .contains("up == 0");
    assertThat(AlertExpressions.graphExpression("http://p:9090/graph?g0.tab=1")).isEmpty();
    assertThat(AlertExpressions.graphExpression("::not a url")).isEmpty();
    assertThat(AlertExpressions.of(datadog("avg(last_5m):avg:system.cpu.user{host:a} > 90")))
        .isEmpty();
    assertThat(AlertExpressions.of(datadog("sum(rate(http_requests_total{code=\"500\"}[5m]))")))
        .contains("sum(rate(http_requests_total{code=\"500\"}[5m]))");
  }

  private static Signal datadog(String query) {
    return new Signal(
        Source.DATADOG,
        "e1",
        "c1",
        "m1",
        SignalStatus.FIRING,
        "triggered",
        Severity.HIGH,
        "",
        Map.of(),
        Map.of("query", query),
        Map.of(),
        OPENED,
        null,
        0);
  }

  private static MetricSeries series(String name) {
    return new MetricSeries("", "discovered", name, name, Map.of(), List.of(new Sample(OPENED, 1)));
  }

  interface Body<T> {
    void run(EvidenceRequest request, Findings<T> out);
  }

  private record TestMetrics(Body<MetricSeries> body) implements MetricSource {
    @Override
    public String name() {
      return "metrics";
    }

    @Override
    public void collect(EvidenceRequest request, Findings<MetricSeries> out) {
      body.run(request, out);
    }

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }

    @Override
    public void close() {}
  }

  private record TestLogs(Body<LogLine> body) implements LogSource {
    @Override
    public String name() {
      return "logs";
    }

    @Override
    public void collect(EvidenceRequest request, Findings<LogLine> out) {
      body.run(request, out);
    }

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }

    @Override
    public void close() {}
  }

  private record TestTraces(Body<TraceSummary> body) implements TraceSource {
    @Override
    public String name() {
      return "traces";
    }

    @Override
    public void collect(EvidenceRequest request, Findings<TraceSummary> out) {
      body.run(request, out);
    }

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }

    @Override
    public void close() {}
  }
}
