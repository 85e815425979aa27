package dev.firebreak.tests;

import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.demo.DemoServer;
import dev.firebreak.gateway.demo.DemoService;
import dev.firebreak.gateway.replay.BundleCodec;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records the scenario suite: for each kind of root cause, the real Prometheus scrapes a
 * {@link DemoServer} (the one {@code firebreak demo} serves) that runs healthy, then fails that way; the checked-in rules
 * ({@code prometheus/rules/}) fire, the real Alertmanager posts to Firebreak, Firebreak
 * investigates, and the incident's bundle is written to
 * {@code examples/scenarios/CAUSE.bundle.json}. The dependency scenario also has its failing
 * traces in the real Zipkin. Run by {@code scripts/record-scenarios.sh}; the bundles are then
 * replayed by {@link ScenarioBenchmark} and by the gateway's tests.
 */
public final class ScenarioRecorder {

  static final Map<String, String> SETTINGS =
      Map.of(
          "FIREBREAK_EVIDENCE_LOOKBACK", "2m",
          "FIREBREAK_EVIDENCE_AFTER", "15s",
          "FIREBREAK_EVIDENCE_RERUN_DELAY", "5s",
          "FIREBREAK_PROMETHEUS_RATE_WINDOW", "5s");

  private ScenarioRecorder() {}

  /**
   * The topology suite's faults, one service each, so that the alert on {@code frontend} is a
   * victim's in all but the frontend's own faults.
   */
  static final List<Map.Entry<String, DemoService.Scenario>> TOPOLOGY_FAULTS =
      List.of(
          Map.entry("payments", DemoService.Scenario.DEPENDENCY_DOWN),
          Map.entry("payments", DemoService.Scenario.RESOURCE_SATURATION),
          Map.entry("payments", DemoService.Scenario.CONNECTION_POOL_EXHAUSTION),
          Map.entry("checkout", DemoService.Scenario.CONNECTION_POOL_EXHAUSTION),
          Map.entry("checkout", DemoService.Scenario.BAD_DEPLOY),
          Map.entry("checkout", DemoService.Scenario.RESOURCE_SATURATION),
          Map.entry("frontend", DemoService.Scenario.MEMORY_LEAK),
          Map.entry("frontend", DemoService.Scenario.BAD_DEPLOY));

  public static void main(String[] args) throws Exception {
    Path out = Files.createDirectories(Repository.root().resolve("examples/scenarios"));
    int baselineSeconds = Integer.getInteger("firebreak.scenarios.baseline", 50);
    if (args.length > 0 && args[0].equals("topology")) {
      Path topology = Files.createDirectories(out.resolve("topology"));
      for (Map.Entry<String, DemoService.Scenario> fault : TOPOLOGY_FAULTS) {
        String name = fault.getKey() + "." + ServiceTopology.wire(fault.getValue());
        if (args.length > 1 && !java.util.Arrays.asList(args).contains(name)) {
          continue;
        }
        recordTopology(
            fault.getKey(),
            fault.getValue(),
            Files.createTempDirectory("firebreak-topology"),
            topology.resolve(name + ".bundle.json"),
            baselineSeconds);
      }
      return;
    }
    List<DemoService.Scenario> scenarios =
        args.length == 0
            ? List.of(DemoService.Scenario.values())
            : java.util.Arrays.stream(args).map(DemoService.Scenario::valueOf).toList();
    for (DemoService.Scenario scenario : scenarios) {
      Path work = Files.createTempDirectory("firebreak-scenario");
      record(scenario, work, out, baselineSeconds);
    }
  }

  private static void record(
      DemoService.Scenario scenario, Path work, Path out, int baselineSeconds) throws Exception {
    ZipkinServer zipkin =
        scenario == DemoService.Scenario.DEPENDENCY_DOWN ? new ZipkinServer(work) : null;
    int gatewayPort = Repository.freePort();
    int prometheusPort = Repository.freePort();
    Map<String, String> settings = settings(work, gatewayPort, prometheusPort);
    if (zipkin != null) {
      settings.put("FIREBREAK_ZIPKIN_URL", zipkin.baseUrl());
    }
    GatewayConfig config = ConfigLoader.load(settings);
    JdbcIncidentStore store = JdbcIncidentStore.open(config.databaseUrl(), 2);
    try (Gateway gateway = Gateway.create(config, store, Clock.systemUTC()).start();
        DemoServer target = new DemoServer("127.0.0.1", 0);
        PrometheusStack stack =
            new PrometheusStack(work, gatewayPort, target.address(), null, prometheusPort)) {
      System.out.printf("%s: healthy for %d s%n", scenario, baselineSeconds);
      Thread.sleep(baselineSeconds * 1000L);
      Instant onset = Instant.now();
      target.fail(scenario);
      if (zipkin != null) {
        for (int i = 0; i < 6; i++) {
          zipkin.send(failingTrace(Instant.now().plusSeconds(i)));
        }
      }
      Incident incident = awaitIncident(store, onset);
      Evidence evidence = awaitEvidence(store, incident);
      Thread.sleep(2000); // the diagnosis follows the evidence
      Path file = out.resolve(scenario.name().toLowerCase(Locale.ROOT) + ".bundle.json");
      writeBundle(store, incident, config, file);
      System.out.printf(
          "%s: incident \"%s\", %d series, %d traces → %s; diagnosed %s%n",
          scenario,
          incident.title(),
          evidence.metrics().size(),
          evidence.traces().size(),
          file,
          store
              .investigations()
              .latestDiagnosis(incident.id())
              .map(d -> d.hypotheses().get(0).cause().wireName())
              .orElse("(none)"));
    } finally {
      if (zipkin != null) {
        zipkin.close();
      }
    }
  }

  /**
   * One fault in the three-service topology: Prometheus scrapes each service, Zipkin holds
   * every sampled request's trace, and the incident recorded is the one on {@code frontend},
   * where users see the failure, whichever service fails.
   */
  private static void recordTopology(
      String service, DemoService.Scenario cause, Path work, Path file, int baselineSeconds)
      throws Exception {
    int gatewayPort = Repository.freePort();
    int prometheusPort = Repository.freePort();
    try (ZipkinServer zipkin = new ZipkinServer(work)) {
      Map<String, String> settings = settings(work, gatewayPort, prometheusPort);
      settings.put("FIREBREAK_ZIPKIN_URL", zipkin.baseUrl());
      GatewayConfig config = ConfigLoader.load(settings);
      JdbcIncidentStore store = JdbcIncidentStore.open(config.databaseUrl(), 2);
      try (Gateway gateway = Gateway.create(config, store, Clock.systemUTC()).start();
          ServiceTopology topology = new ServiceTopology(spans -> send(zipkin, spans));
          PrometheusStack stack =
              new PrometheusStack(work, gatewayPort, topology.targets(), null, prometheusPort)) {
        System.out.printf("%s in %s: healthy for %d s%n", cause, service, baselineSeconds);
        Thread.sleep(baselineSeconds * 1000L);
        Instant onset = Instant.now();
        topology.fail(service, cause);
        Incident incident = awaitIncident(store, onset, "frontend");
        awaitEvidence(store, incident);
        Thread.sleep(2000); // the diagnosis follows the evidence
        writeBundle(store, incident, config, file);
        var diagnosis = store.investigations().latestDiagnosis(incident.id());
        System.out.printf(
            "%s in %s: incident \"%s\" → %s; diagnosed %s in %s%n",
            cause,
            service,
            incident.title(),
            file,
            diagnosis.map(d -> d.hypotheses().get(0).cause().wireName()).orElse("(none)"),
            diagnosis
                .filter(d -> !d.services().isEmpty())
                .map(d -> d.services().get(0).service())
                .orElse("(none)"));
      }
    }
  }

  /** The incident as the gateway stores it, with its latest evidence, as a bundle file. */
  private static void writeBundle(
      JdbcIncidentStore store, Incident incident, GatewayConfig config, Path file)
      throws java.io.IOException {
    try (OutputStream stream = Files.newOutputStream(file)) {
      BundleCodec.write(
          BundleCodec.of(
              store.incidents().detail(incident.id()).orElseThrow(),
              store.investigations().latestEvidence(incident.id()).orElseThrow(),
              config.evidence(),
              Instant.now()),
          stream);
    }
  }

  /** A recording gateway's settings: its port, its own SQLite file, the Prometheus it asks. */
  private static Map<String, String> settings(Path work, int gatewayPort, int prometheusPort) {
    Map<String, String> settings = new HashMap<>(SETTINGS);
    settings.put("FIREBREAK_PORT", Integer.toString(gatewayPort));
    settings.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + work.resolve("fb.db"));
    settings.put("FIREBREAK_POSTMORTEM_DIR", work.resolve("postmortems").toString());
    settings.put("FIREBREAK_PROMETHEUS_URL", "http://127.0.0.1:" + prometheusPort);
    return settings;
  }

  private static void send(ZipkinServer zipkin, String spans) {
    try {
      zipkin.send(spans);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The first incident that opened after the failure began. */
  private static Incident awaitIncident(JdbcIncidentStore store, Instant onset)
      throws InterruptedException {
    return awaitIncident(store, onset, null);
  }

  /** The first incident about {@code service} (any, if null) that opened after the onset. */
  private static Incident awaitIncident(JdbcIncidentStore store, Instant onset, String service)
      throws InterruptedException {
    for (int i = 0; i < 900; i++) {
      Optional<Incident> opened =
          store.incidents().list(IncidentQuery.all(20)).items().stream()
              .filter(incident -> service == null || service.equals(incident.service()))
              .filter(incident -> !incident.openedAt().isBefore(onset.minusSeconds(2)))
              .min(java.util.Comparator.comparing(Incident::openedAt));
      if (opened.isPresent()) {
        return opened.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no incident");
  }

  private static Evidence awaitEvidence(JdbcIncidentStore store, Incident incident)
      throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Optional<Evidence> evidence = store.investigations().evidence(incident.id());
      if (evidence.isPresent() && evidence.get().run() >= 2) {
        return evidence.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no follow-up evidence for incident " + incident.id());
  }

  private static String failingTrace(Instant at) {
    long start = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    String traceId = hex(16);
    String root = hex(8);
    return """
        [{"traceId":"%1$s","id":"%2$s","name":"post /checkout","kind":"SERVER",
          "timestamp":%4$d,"duration":1203000,"localEndpoint":{"serviceName":"checkout"},
          "tags":{"http.status_code":"502","error":"502"}},
         {"traceId":"%1$s","parentId":"%2$s","id":"%3$s","name":"charge","kind":"CLIENT",
          "timestamp":%5$d,"duration":1200000,"localEndpoint":{"serviceName":"checkout"},
          "remoteEndpoint":{"serviceName":"payments","port":8443},
          "tags":{"error":"connect: connection refused"}}]
        """
        .formatted(traceId, root, hex(8), start, start + 2000);
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
