package dev.firebreak.analysis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TraceSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The rules on evidence shaped like real exporters' (node_exporter, Micrometer/JVM, HikariCP,
 * OpenTelemetry spans): each scenario's cause ranks first, and every hypothesis cites only
 * evidence that exists.
 */
class DiagnoserTest {

  private static final Instant START = Instant.parse("2026-03-01T08:30:00Z");
  private static final Instant OPENED = START.plusSeconds(1800);
  private static final int POINTS = 210; // 35 minutes at 10 s
  private final Random random = new Random(4);
  private final List<MetricSeries> metrics = new ArrayList<>();
  private final List<LogLine> logs = new ArrayList<>();
  private final List<TraceSummary> traces = new ArrayList<>();

  private static Instant at(int i) {
    return START.plusSeconds(10L * i);
  }

  /** A series whose value is {@code value(i)} plus 2% noise; onset at point 175 (≈ 29 min). */
  private void series(String name, Map<String, String> labels, IntToDoubleFunction value) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      double v = value.applyAsDouble(i);
      samples.add(new Sample(at(i), v * (1 + 0.02 * random.nextGaussian())));
    }
    metrics.add(
        new MetricSeries(
            "metric:" + (metrics.size() + 1), "discovered", name, name, labels, samples));
  }

  private void normalTraffic() {
    series("http_requests_total", Map.of("code", "200", "service", "checkout"), i -> 50);
    series("process_cpu_seconds_total", Map.of("service", "checkout"), i -> 0.3);
    series("jvm_memory_used_bytes", Map.of("area", "heap", "service", "checkout"), i -> 2e8);
  }

  private void log(int i, String level, String message) {
    logs.add(
        new LogLine(
            "log:" + (logs.size() + 1), at(i), level, message, Map.of("service_name", "checkout")));
  }

  private Diagnosis diagnose() {
    Incident incident =
        new Incident(
            9,
            "checkout failing",
            IncidentStatus.OPEN,
            Severity.WARNING,
            "checkout",
            Map.of("service", "checkout"),
            EnumSet.of(Source.ALERTMANAGER),
            OPENED,
            OPENED,
            OPENED,
            null,
            null,
            1);
    Evidence evidence =
        new Evidence(
            9, 1, at(POINTS), new TimeWindow(START, at(POINTS)), List.of(), metrics, logs, traces);
    Diagnosis diagnosis =
        new Diagnoser(RuleBook.defaults()).diagnose(incident, evidence, at(POINTS));
    for (Hypothesis hypothesis : diagnosis.hypotheses()) {
      assertThat(cites(evidence, hypothesis)).as(hypothesis.toString()).isTrue();
    }
    return diagnosis;
  }

  /** Whether every evidence id the hypothesis cites exists in the evidence. */
  private static boolean cites(Evidence evidence, Hypothesis hypothesis) {
    java.util.Set<String> known = new java.util.HashSet<>();
    evidence.metrics().forEach(s -> known.add(s.id()));
    evidence.logs().forEach(l -> known.add(l.id()));
    evidence.traces().forEach(t -> known.add(t.id()));
    return known.containsAll(hypothesis.evidenceIds());
  }

  private static Hypothesis top(Diagnosis diagnosis) {
    return diagnosis.hypotheses().get(0);
  }

  @Test
  void memoryLeak_heapClimbsAndTheJvmRunsOut() {
    normalTraffic();
    metrics.remove(2);
    series(
        "jvm_memory_used_bytes",
        Map.of("area", "heap", "service", "checkout"),
        i -> i < 170 ? 2e8 : 2e8 + (i - 170) * 2e7);
    log(205, "error", "java.lang.OutOfMemoryError: Java heap space");
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.MEMORY_LEAK);
    assertThat(top(diagnosis).evidenceIds()).contains("metric:3", "log:1");
    assertThat(diagnosis.anomalies().get(0).evidenceId()).isEqualTo("metric:3");
  }

  @Test
  void diskFull_freeSpaceFallsAndWritesFail() {
    normalTraffic();
    series(
        "node_filesystem_avail_bytes",
        Map.of("mountpoint", "/var/lib/postgresql", "job", "node"),
        i -> i < 172 ? 5e10 : Math.max(1e6, 5e10 - (i - 172) * 2e9));
    for (int i = 195; i < 210; i++) {
      log(
          i,
          "error",
          "could not write to file \"pg_wal/xlogtemp." + (100 + i) + "\": No space left on device");
    }
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.DISK_FULL);
    assertThat(diagnosis.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void dependencyDown_tracesFailCallingPayments() {
    normalTraffic();
    series(
        "http_requests_total", Map.of("code", "502", "service", "checkout"), i -> i < 178 ? 0 : 20);
    for (int t = 0; t < 5; t++) {
      Instant start = at(190 + t);
      traces.add(
          TraceSummary.of(
                  "a" + t,
                  List.of(
                      new Span(
                          "r" + t,
                          null,
                          "checkout",
                          "POST /checkout",
                          "server",
                          start,
                          900_000,
                          true,
                          "",
                          Map.of("http.status_code", "502")),
                      new Span(
                          "c" + t,
                          "r" + t,
                          "checkout",
                          "charge",
                          "client",
                          start,
                          800_000,
                          true,
                          "connection refused",
                          Map.of("peer.service", "payments"))))
              .withId("trace:" + (t + 1)));
    }
    log(200, "error", "charge failed: dial tcp 10.0.3.4:8443: connect: connection refused");
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.DEPENDENCY_DOWN);
    assertThat(top(diagnosis).service()).isEqualTo("payments");
    assertThat(diagnosis.traces().get(0).path()).containsExactly("checkout", "payments");
  }

  @Test
  void dependencyDown_fromTheClientMetricsOfOutboundCallsAlone() {
    normalTraffic();
    // Micrometer's http.client.requests: the calls that fail, not the calls made.
    series(
        "http_client_requests_seconds_count",
        Map.of("client_name", "payments", "outcome", "SUCCESS", "service", "checkout"),
        i -> i < 176 ? 40 : 25);
    series(
        "http_client_requests_seconds_count",
        Map.of(
            "client_name",
            "payments",
            "outcome",
            "UNKNOWN",
            "status",
            "IO_ERROR",
            "service",
            "checkout"),
        i -> i < 176 ? 0.01 : 15);
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.DEPENDENCY_DOWN);
    assertThat(top(diagnosis).evidenceIds()).contains("metric:5");
    assertThat(top(diagnosis).explanation()).contains("http_client_requests_seconds_count");
  }

  @Test
  void outboundCallsThatMerelyRise_areNoFailingDependency() {
    normalTraffic();
    series(
        "http_client_requests_seconds_count",
        Map.of("client_name", "payments", "outcome", "SUCCESS", "service", "checkout"),
        i -> i < 176 ? 40 : 120);
    Diagnosis diagnosis = diagnose();
    assertThat(diagnosis.hypotheses())
        .extracting(Hypothesis::cause)
        .doesNotContain(RootCause.DEPENDENCY_DOWN);
  }

  /** checkout alerts; its calls to payments time out because payments' CPU is saturated. */
  private void calleeSaturated() {
    normalTraffic();
    series(
        "http_requests_total", Map.of("code", "500", "service", "checkout"), i -> i < 178 ? 0 : 20);
    series("process_cpu_seconds_total", Map.of("service", "payments"), i -> i < 176 ? 0.03 : 0.95);
    series("http_requests_total", Map.of("code", "200", "service", "payments"), i -> 50);
    failingCalls(6, "payments", "java.net.SocketTimeoutException: Read timed out", true);
  }

  /**
   * {@code count} traces in which checkout's call to {@code peer} fails with {@code message};
   * the peer's own server span is in them when it is traced.
   */
  private void failingCalls(int count, String peer, String message, boolean peerTraced) {
    for (int t = 0; t < count; t++) {
      Instant start = at(190 + t);
      List<Span> spans = new ArrayList<>();
      spans.add(span("r" + t, null, "checkout", "server", start, true, "", Map.of()));
      spans.add(
          span(
              "c" + t,
              "r" + t,
              "checkout",
              "client",
              start,
              true,
              message,
              Map.of("peer.service", peer)));
      if (peerTraced) {
        spans.add(span("p" + t, "c" + t, peer, "server", start, false, "", Map.of()));
      }
      traces.add(TraceSummary.of("t" + t, spans).withId("trace:" + (t + 1)));
    }
  }

  private static Span span(
      String id,
      String parent,
      String service,
      String kind,
      Instant start,
      boolean error,
      String message,
      Map<String, String> tags) {
    return new Span(
        id, parent, service, "GET /" + service, kind, start, 1_000_000, error, message, tags);
  }

  @Test
  void culprit_isTheTracedCalleeWhoseOwnResourcesMoved_notTheAlertingService() {
    calleeSaturated();
    Diagnosis diagnosis = diagnose();
    assertThat(diagnosis.services()).extracting(s -> s.service()).startsWith("payments");
    var culprit = diagnosis.services().get(0);
    assertThat(culprit.reasons())
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .contains("6 of 6 failing traces begin at calls from checkout to payments"))
        .anySatisfy(reason -> assertThat(reason).contains("process_cpu_seconds_total"));
    assertThat(culprit.evidenceIds()).contains("trace:1", "metric:5");
    assertThat(diagnosis.services().get(1).service()).isEqualTo("checkout");
    assertThat(culprit.score()).isGreaterThan(diagnosis.services().get(1).score());
    // Its calls failed because payments is saturated, not because a dependency is down.
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.RESOURCE_SATURATION);
    assertThat(top(diagnosis).service()).isEqualTo("payments");
  }

  @Test
  void anUntracedDependency_leavesTheCallerAsTheOrigin() {
    normalTraffic();
    failingCalls(4, "card-gateway", "connect: connection refused", false);
    Diagnosis diagnosis = diagnose();
    assertThat(diagnosis.services()).extracting(s -> s.service()).containsExactly("checkout");
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.DEPENDENCY_DOWN);
    assertThat(top(diagnosis).service()).isEqualTo("card-gateway");
  }

  @Test
  void onsets_areWhereTheValuesLeftTheirBaseline_notWhereSmoothedScoresBegan() {
    normalTraffic();
    for (int step : new int[] {180, 183, 190}) {
      series(
          "hikaricp_connections_pending",
          Map.of("pool", "p" + step, "service", "checkout"),
          i -> i < step ? 1 : 30);
    }
    Diagnosis diagnosis = diagnose();
    assertThat(diagnosis.anomalies())
        .filteredOn(a -> a.name().equals("hikaricp_connections_pending"))
        .extracting(a -> a.onset())
        .containsExactly(at(180), at(183), at(190));
  }

  @Test
  void equalConfidence_goesToTheCauseWithMoreEvidence_notTheOneDeclaredFirst() {
    normalTraffic();
    log(190, "error", "accept failed: Too many open files");
    for (int i = 195; i < 200; i++) {
      log(
          i,
          "error",
          "HikariPool-1 - Connection is not available, request timed out after 30000ms.");
    }
    Diagnosis diagnosis = diagnose();
    assertThat(diagnosis.hypotheses().get(0).confidence())
        .isEqualTo(diagnosis.hypotheses().get(1).confidence());
    // RESOURCE_SATURATION is declared before CONNECTION_POOL_EXHAUSTION.
    assertThat(diagnosis.hypotheses())
        .extracting(Hypothesis::cause)
        .startsWith(RootCause.CONNECTION_POOL_EXHAUSTION, RootCause.RESOURCE_SATURATION);
  }

  @Test
  void badDeploy_newVersionJustBeforeTheErrors() {
    normalTraffic();
    series(
        "http_requests_total", Map.of("code", "500", "service", "checkout"), i -> i < 176 ? 0 : 15);
    List<Sample> old = new ArrayList<>();
    List<Sample> current = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      (i < 170 ? old : current).add(new Sample(at(i), 1));
    }
    metrics.add(
        new MetricSeries(
            "metric:" + (metrics.size() + 1),
            "discovered",
            "app_build_info",
            "app_build_info",
            Map.of("version", "1.4.1", "service", "checkout"),
            old));
    metrics.add(
        new MetricSeries(
            "metric:" + (metrics.size() + 1),
            "discovered",
            "app_build_info",
            "app_build_info",
            Map.of("version", "1.4.2", "service", "checkout"),
            current));
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.BAD_DEPLOY);
    assertThat(top(diagnosis).explanation()).contains("1.4.2");
  }

  @Test
  void trafficSurge_requestsTripleWhileErrorsDoNotCount() {
    series(
        "http_requests_total",
        Map.of("code", "200", "service", "checkout"),
        i -> i < 174 ? 50 : 180);
    series("process_cpu_seconds_total", Map.of("service", "checkout"), i -> i < 174 ? 0.3 : 0.6);
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause())
        .as(diagnosis.hypotheses() + " " + diagnosis.anomalies())
        .isEqualTo(RootCause.TRAFFIC_SURGE);
  }

  @Test
  void poolExhaustion_connectionsWaitAndRequestsTimeOut() {
    normalTraffic();
    series(
        "hikaricp_connections_pending",
        Map.of("pool", "HikariPool-1", "service", "checkout"),
        i -> i < 174 ? 0 : 40);
    for (int i = 180; i < 209; i += 2) {
      log(
          i,
          "error",
          "HikariPool-1 - Connection is not available, request timed out after" + " 30000ms.");
    }
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.CONNECTION_POOL_EXHAUSTION);
    assertThat(diagnosis.logPatterns().get(0).isNew()).isTrue();
  }

  @Test
  void certificateExpiry_theExpiryTimestampHasPassed() {
    normalTraffic();
    long now = at(POINTS).getEpochSecond();
    List<Sample> expiry = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      expiry.add(new Sample(at(i), i < 176 ? now + 60L * 86400 : now - 120));
    }
    metrics.add(
        new MetricSeries(
            "metric:" + (metrics.size() + 1),
            "discovered",
            "probe_ssl_earliest_cert_expiry",
            "probe_ssl_earliest_cert_expiry",
            Map.of("instance", "https://checkout.example"),
            expiry));
    series(
        "http_requests_total", Map.of("code", "500", "service", "checkout"), i -> i < 177 ? 0 : 40);
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.CERTIFICATE_EXPIRY);
    assertThat(top(diagnosis).explanation()).contains("expired 2 min ago");
  }

  @Test
  void certificateExpiry_theAlertsOwnExpressionHoldsSecondsLeftNotATimestamp() {
    normalTraffic();
    String expr = "probe_ssl_earliest_cert_expiry - time() < 7 * 86400";
    List<Sample> left = new ArrayList<>();
    for (int i = 176; i < POINTS; i++) {
      left.add(new Sample(at(i), 3 * 3600 - 10.0 * (i - 176)));
    }
    metrics.add(
        new MetricSeries(
            "metric:" + (metrics.size() + 1),
            "alert",
            expr,
            expr,
            Map.of("instance", "https://checkout.example"),
            left));
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.CERTIFICATE_EXPIRY);
    // 3 h minus the 33 samples' 10 s steps: about 2.9 hours left — not "expired 56 years ago".
    assertThat(top(diagnosis).explanation()).contains("expires in 2.91 h");
  }

  @Test
  void theAlertsOwnErrorRatioIsTheSymptom_notATrafficSurge() {
    normalTraffic();
    String expr =
        "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))";
    List<Sample> ratio = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      ratio.add(new Sample(at(i), i < 175 ? 0.001 : 0.3));
    }
    metrics.add(
        new MetricSeries("metric:" + (metrics.size() + 1), "alert", expr, expr, Map.of(), ratio));
    Diagnosis diagnosis = diagnose();
    assertThat(diagnosis.hypotheses())
        .extracting(Hypothesis::cause)
        .doesNotContain(RootCause.TRAFFIC_SURGE);

    // The same rise in a request-rate series beside it is more traffic.
    series(
        "http_requests_total", Map.of("code", "200", "service", "cart"), i -> i < 175 ? 50 : 400);
    assertThat(diagnose().hypotheses())
        .extracting(Hypothesis::cause)
        .contains(RootCause.TRAFFIC_SURGE);
  }

  @Test
  void nothingRecognisable_isUnknownWithLowConfidence() {
    normalTraffic();
    series("widget_frobs", Map.of("service", "checkout"), i -> i < 175 ? 3 : 30);
    Diagnosis diagnosis = diagnose();
    assertThat(top(diagnosis).cause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(top(diagnosis).confidence()).isLessThan(0.5);
    assertThat(top(diagnosis).evidenceIds()).contains("metric:4");
    assertThat(top(diagnosis).explanation())
        .startsWith("metrics moved but match no known cause: widget_frobs rose from ")
        .doesNotContain("metric:4");
  }
}
