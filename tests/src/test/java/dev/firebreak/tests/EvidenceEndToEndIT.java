package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.replay.BundleCodec;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence from real systems: the Debian Prometheus scraping a service the test controls, the
 * real Alertmanager posting its alerts, and the real Zipkin server holding the service's
 * traces. The service's errors and latency rise; the incident's evidence holds those series
 * with the rise inside its window, and the failing trace.
 *
 * <p>With {@code -Dfirebreak.examples=DIR} the bundles of these incidents are written to DIR
 * ({@code scripts/record-examples.sh} refreshes {@code examples/} this way).
 */
@Tag("e2e")
class EvidenceEndToEndIT {

  /** How long the service runs healthy first; recording examples asks for more. */
  private static final long BASELINE_MILLIS =
      1000L * Integer.getInteger("firebreak.examples.baseline", 15);

  @TempDir static Path shared;
  private static ZipkinServer zipkin;

  @TempDir Path directory;

  @BeforeAll
  static void startZipkin() throws Exception {
    zipkin = new ZipkinServer(shared);
  }

  @AfterAll
  static void stopZipkin() {
    if (zipkin != null) {
      zipkin.close();
    }
  }

  private static final class Stack implements AutoCloseable {
    final GatewayConfig config;
    final JdbcIncidentStore store;
    final Gateway gateway;
    final MetricsTarget target = new MetricsTarget();
    final PrometheusStack prometheus;

    Stack(Path directory) {
      int gatewayPort = Repository.freePort();
      int prometheusPort = Repository.freePort();
      Map<String, String> settings = new HashMap<>();
      settings.put("FIREBREAK_PORT", Integer.toString(gatewayPort));
      settings.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + directory.resolve("fb.db"));
      settings.put("FIREBREAK_POSTMORTEM_DIR", directory.resolve("postmortems").toString());
      settings.put("FIREBREAK_PROMETHEUS_URL", "http://127.0.0.1:" + prometheusPort);
      settings.put("FIREBREAK_ZIPKIN_URL", zipkin.baseUrl());
      settings.put("FIREBREAK_EVIDENCE_LOOKBACK", "3m");
      settings.put("FIREBREAK_EVIDENCE_AFTER", "25s");
      settings.put("FIREBREAK_EVIDENCE_RERUN_DELAY", "5s");
      settings.put("FIREBREAK_PROMETHEUS_RATE_WINDOW", "5s");
      config = ConfigLoader.load(settings);
      store = JdbcIncidentStore.open(config.databaseUrl(), 2);
      gateway = Gateway.create(config, store, Clock.systemUTC()).start();
      prometheus =
          new PrometheusStack(directory, gatewayPort, target.address(), null, prometheusPort);
    }

    @Override
    public void close() {
      prometheus.close();
      target.close();
      gateway.close();
    }
  }

  @Test
  void errorSpikeAndLatencyRise_areInTheEvidenceWithTheFailingTrace() throws Exception {
    try (Stack stack = new Stack(directory)) {
      Thread.sleep(BASELINE_MILLIS); // a healthy baseline
      String traceId = HexFormat.of().formatHex(randomBytes(16));
      zipkin.send(failingCheckoutTrace(traceId, Instant.now()));
      Instant onset = Instant.now();
      stack.target.failing(true);
      stack.target.slow(true);

      Incident incident = awaitIncident(stack, "HighErrorRate");
      Evidence evidence = awaitEvidence(stack, incident, 2);

      assertThat(evidence.window().contains(onset)).as("onset inside the window").isTrue();
      assertThat(evidence.window().start()).isBefore(onset.minusSeconds(10));
      SourceReport prometheus = report(evidence, "prometheus");
      assertThat(prometheus.outcome()).as(prometheus.error()).isEqualTo(SourceOutcome.OK);

      MetricSeries alert =
          evidence.metrics().stream()
              .filter(series -> series.origin().equals("alert"))
              .findFirst()
              .orElseThrow();
      assertThat(alert.query()).doesNotContain("> 0.05");
      assertThat(max(alert, onset, true)).isGreaterThan(0.05);

      MetricSeries errors =
          discovered(
              evidence, "http_requests_total", series -> "500".equals(series.labels().get("code")));
      assertThat(errors.query())
          .startsWith("rate(http_requests_total{service=\"checkout\"," + "namespace=\"shop\"}[");
      assertThat(max(errors, onset.minusSeconds(2), false)).isZero();
      assertThat(max(errors, onset.plusSeconds(8), true)).isGreaterThan(100);

      MetricSeries latency =
          discovered(evidence, "http_request_duration_seconds_bucket", series -> true);
      assertThat(latency.query()).startsWith("histogram_quantile(0.99");
      assertThat(max(latency, onset.minusSeconds(2), false)).isLessThan(0.1);
      assertThat(max(latency, onset.plusSeconds(8), true)).isGreaterThan(0.5);

      SourceReport traces = report(evidence, "zipkin");
      assertThat(traces.outcome()).as(traces.error()).isEqualTo(SourceOutcome.OK);
      TraceSummary trace =
          evidence.traces().stream()
              .filter(found -> found.traceId().equals(traceId))
              .findFirst()
              .orElseThrow();
      assertThat(trace.error()).isTrue();
      assertThat(trace.rootService()).isEqualTo("checkout");
      Span charge =
          trace.spans().stream()
              .filter(span -> span.operation().equals("charge"))
              .findFirst()
              .orElseThrow();
      assertThat(charge.error()).isTrue();
      assertThat(charge.statusMessage()).isEqualTo("connection refused");

      Diagnosis diagnosis = awaitDiagnosis(stack, incident, evidence.run());
      assertThat(diagnosis.hypotheses().get(0).cause())
          .as(diagnosis.hypotheses().toString())
          .isEqualTo(RootCause.DEPENDENCY_DOWN);
      assertThat(diagnosis.hypotheses().get(0).service()).isEqualTo("payments");
      assertThat(diagnosis.traces().get(0).path()).containsExactly("checkout", "payments");

      // The latency alert, in its own Alertmanager group, is the same problem: same incident.
      Incident slow = awaitIncident(stack, "HighLatency");
      assertThat(slow.id()).isEqualTo(incident.id());
      assertThat(stack.store.incidents().list(IncidentQuery.all(50)).items())
          .filteredOn(found -> "checkout".equals(found.service()))
          .hasSize(1);
      writeExample(stack, incident, "checkout-error-spike");
      assertPostmortemComesFromTheRecord(stack, incident);
    }
  }

  @Test
  void serviceGoingDown_showsInTheUpSeries() throws Exception {
    try (Stack stack = new Stack(directory)) {
      Thread.sleep(BASELINE_MILLIS);
      Instant onset = Instant.now();
      stack.target.close();

      Incident incident = awaitIncident(stack, "ServiceDown");
      Evidence evidence = awaitEvidence(stack, incident, 2);
      MetricSeries up = discovered(evidence, "up", series -> true);
      assertThat(evidence.window().contains(onset)).isTrue();
      assertThat(max(up, onset.minusSeconds(2), false)).isEqualTo(1.0);
      assertThat(min(up, onset.plusSeconds(3))).isZero();
      writeExample(stack, incident, "checkout-down");
    }
  }

  private static Incident awaitIncident(Stack stack, String alertname) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Incident> found =
          stack.store.incidents().list(IncidentQuery.all(50)).items().stream()
              .filter(incident -> incident.status() == IncidentStatus.OPEN)
              // The alert may have joined the incident another alert of its service opened.
              .filter(
                  incident ->
                      stack.store.incidents().detail(incident.id()).orElseThrow().signals().stream()
                          .anyMatch(
                              signal ->
                                  alertname.equals(signal.signal().labels().get("alertname"))))
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no open " + alertname + " incident\n" + stack.prometheus.logs());
  }

  /** Waits for the given run: the first comes at once, the second once the window is over. */
  private static Evidence awaitEvidence(Stack stack, Incident incident, int run) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Evidence> evidence = stack.store.investigations().evidence(incident.id());
      if (evidence.isPresent() && evidence.get().run() >= run) {
        return evidence.get();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no evidence run "
            + run
            + " for incident "
            + incident.id()
            + ": "
            + stack.store.investigations().status(incident.id()));
  }

  private static Diagnosis awaitDiagnosis(Stack stack, Incident incident, int run)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Diagnosis> diagnosis = stack.store.investigations().latestDiagnosis(incident.id());
      if (diagnosis.isPresent() && diagnosis.get().run() >= run) {
        return diagnosis.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no diagnosis for incident " + incident.id());
  }

  private static SourceReport report(Evidence evidence, String source) {
    return evidence.reports().stream()
        .filter(report -> report.source().equals(source))
        .findFirst()
        .orElseThrow();
  }

  private static MetricSeries discovered(
      Evidence evidence, String name, Predicate<MetricSeries> filter) {
    return evidence.metrics().stream()
        .filter(series -> series.origin().equals("discovered") && series.name().equals(name))
        .filter(filter)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no discovered "
                        + name
                        + " among "
                        + evidence.metrics().stream().map(MetricSeries::query).toList()));
  }

  /** The largest finite value after (or before) {@code at}. */
  private static double max(MetricSeries series, Instant at, boolean after) {
    return series.samples().stream()
        .filter(sample -> after == sample.at().isAfter(at))
        .mapToDouble(Sample::value)
        .filter(Double::isFinite)
        .max()
        .orElse(Double.NaN);
  }

  private static double min(MetricSeries series, Instant after) {
    return series.samples().stream()
        .filter(sample -> sample.at().isAfter(after))
        .mapToDouble(Sample::value)
        .filter(Double::isFinite)
        .min()
        .orElse(Double.NaN);
  }

  /**
   * Resolves the incident and checks its postmortem against the record: every time in it is a
   * time of the record, and every metric's figures are the diagnosis' own, in their unit.
   */
  private static void assertPostmortemComesFromTheRecord(Stack stack, Incident incident)
      throws Exception {
    java.net.http.HttpResponse<String> resolved =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + stack.gateway.port()
                                + "/api/incidents/"
                                + incident.id()
                                + "/resolve"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Optional<dev.firebreak.analysis.model.Postmortem> written = Optional.empty();
    while (written.isEmpty() && System.nanoTime() < deadline) {
      written = stack.store.postmortems().latest(incident.id());
      if (written.isEmpty()) {
        Thread.sleep(100);
      }
    }
    assertThat(written).as("a postmortem for incident " + incident.id()).isPresent();
    String markdown = written.get().markdown();
    dev.firebreak.analysis.model.IncidentDetail detail =
        stack.store.incidents().detail(incident.id()).orElseThrow();
    Diagnosis diagnosis = stack.store.investigations().latestDiagnosis(incident.id()).orElseThrow();
    Evidence evidence = stack.store.investigations().evidence(incident.id()).orElseThrow();
    java.util.Set<String> times = new java.util.HashSet<>();
    java.util.function.Consumer<Instant> add =
        at -> {
          if (at != null) times.add(at.toString());
        };
    add.accept(detail.incident().openedAt());
    add.accept(detail.incident().resolvedAt());
    add.accept(detail.incident().acknowledgedAt());
    detail
        .signals()
        .forEach(
            signal -> {
              add.accept(signal.receivedAt());
              add.accept(signal.signal().startsAt());
              add.accept(signal.signal().endsAt());
            });
    detail.timeline().forEach(entry -> add.accept(entry.at()));
    add.accept(diagnosis.createdAt());
    diagnosis.anomalies().forEach(anomaly -> add.accept(anomaly.onset()));
    diagnosis.logPatterns().forEach(pattern -> add.accept(pattern.firstSeen()));
    java.util.regex.Matcher found =
        java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z")
            .matcher(markdown);
    int count = 0;
    while (found.find()) {
      count++;
      assertThat(times).as("time " + found.group() + " in the postmortem").contains(found.group());
    }
    assertThat(count).isGreaterThan(3);
    for (dev.firebreak.analysis.model.MetricAnomaly anomaly : diagnosis.anomalies()) {
      dev.firebreak.analysis.model.MetricUnit unit =
          evidence.metrics().stream()
              .filter(series -> series.id().equals(anomaly.evidenceId()))
              .findFirst()
              .map(dev.firebreak.analysis.model.MetricUnit::of)
              .orElseThrow();
      assertThat(markdown)
          .contains(
              unit.format(anomaly.baselineMean())
                  + " before → "
                  + unit.format(anomaly.peak())
                  + " at peak")
          .contains("(" + anomaly.evidenceId() + ")");
    }
    assertThat(markdown)
        .contains("**" + diagnosis.hypotheses().get(0).cause().description() + "**")
        .contains("## Timeline")
        .contains("resolved by hand");
  }

  private static void writeExample(Stack stack, Incident incident, String name) throws Exception {
    String dir = System.getProperty("firebreak.examples");
    if (dir == null || dir.isBlank()) {
      return;
    }
    var detail = stack.store.incidents().detail(incident.id()).orElseThrow();
    var stored = stack.store.investigations().latestEvidence(incident.id()).orElseThrow();
    Path file = Files.createDirectories(Path.of(dir)).resolve(name + ".bundle.json");
    try (OutputStream out = Files.newOutputStream(file)) {
      BundleCodec.write(
          BundleCodec.of(detail, stored, stack.config.evidence(), Instant.now()), out);
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  /** checkout's POST /checkout fails because its call to payments is refused. */
  private static String failingCheckoutTrace(String traceId, Instant at) {
    long start = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    String root = HexFormat.of().formatHex(randomBytes(8));
    String client = HexFormat.of().formatHex(randomBytes(8));
    return """
        [{"traceId":"%1$s","id":"%2$s","name":"post /checkout","kind":"SERVER",
          "timestamp":%4$d,"duration":812000,
          "localEndpoint":{"serviceName":"checkout","ipv4":"10.0.0.7","port":8080},
          "tags":{"http.method":"POST","http.path":"/checkout","http.status_code":"502",
                  "error":"502"}},
         {"traceId":"%1$s","parentId":"%2$s","id":"%3$s","name":"charge","kind":"CLIENT",
          "timestamp":%5$d,"duration":800000,
          "localEndpoint":{"serviceName":"checkout","ipv4":"10.0.0.7"},
          "remoteEndpoint":{"serviceName":"payments","port":9090},
          "tags":{"error":"connection refused","peer.service":"payments"}}]
        """
        .formatted(traceId, root, client, start, start + 5_000);
  }
}
