package dev.firebreak.gateway.replay;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.InvestigationStatus;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.integrations.http.RecordedAnswers;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Runs a bundle through the whole pipeline offline: a gateway on a scratch database, its
 * clock stopped at the moment the recorded investigation ran, its evidence sources answered
 * from the recorded exchanges. Intake, correlation and investigation are the production code.
 */
public final class Replayer {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private Replayer() {}

  /** What the replay produced, next to what the bundle recorded. */
  public record Result(
      Bundle bundle,
      List<IncidentDetail> incidents,
      Map<Long, Optional<Evidence>> evidence,
      Map<Long, Optional<InvestigationStatus>> status,
      Map<Long, Optional<Diagnosis>> diagnoses,
      Map<Long, List<dev.firebreak.analysis.model.RemediationAction>> actions) {}

  public static Result run(Bundle bundle, Path scratch) throws IOException, InterruptedException {
    Files.createDirectories(scratch);
    Map<String, String> env = new HashMap<>(bundle.settings());
    env.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + scratch.resolve("replay.db"));
    env.put("FIREBREAK_HOST", "127.0.0.1");
    env.put("FIREBREAK_PORT", "0");
    env.put("FIREBREAK_EVIDENCE_RUNS", "1");
    for (String source : bundle.sources()) {
      env.put(
          "FIREBREAK_" + source.toUpperCase(Locale.ROOT) + "_URL", RecordedAnswers.baseUrl(source));
    }
    if (!bundle.prometheusQueries().isEmpty()) {
      Path queries = scratch.resolve("queries.properties");
      Properties properties = new Properties();
      properties.putAll(bundle.prometheusQueries());
      try (Writer writer = Files.newBufferedWriter(queries)) {
        properties.store(writer, "replayed from the bundle");
      }
      env.put("FIREBREAK_PROMETHEUS_QUERIES_FILE", queries.toString());
    }
    GatewayConfig config = ConfigLoader.load(env);
    Clock clock = Clock.fixed(bundle.evidence().collectedAt(), ZoneOffset.UTC);
    OkHttpClient offline =
        new OkHttpClient.Builder().addInterceptor(new RecordedAnswers(bundle.exchanges())).build();
    JdbcIncidentStore store = JdbcIncidentStore.open(config.databaseUrl(), 2);
    try (Gateway gateway = Gateway.create(config, store, clock, offline).start()) {
      List<Signal> signals = new ArrayList<>();
      for (StoredSignal stored : bundle.signals()) {
        signals.add(stored.signal());
      }
      gateway.intake().submit(signals).get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      List<Incident> incidents = List.of();
      while (System.nanoTime() < deadline) {
        if (store.incidents().pendingSignalCount() == 0) {
          incidents = store.incidents().list(IncidentQuery.all(100)).items();
          if (!incidents.isEmpty()
              && (bundle.sources().isEmpty()
                  || incidents.stream().allMatch(incident -> finished(store, incident.id())))) {
            break;
          }
        }
        Thread.sleep(50);
      }
      awaitRemediation(store, incidents, deadline);
      List<IncidentDetail> details = new ArrayList<>();
      Map<Long, List<dev.firebreak.analysis.model.RemediationAction>> actions = new HashMap<>();
      Map<Long, Optional<Evidence>> evidence = new HashMap<>();
      Map<Long, Optional<InvestigationStatus>> status = new HashMap<>();
      Map<Long, Optional<Diagnosis>> diagnoses = new HashMap<>();
      for (Incident incident : incidents) {
        store.incidents().detail(incident.id()).ifPresent(details::add);
        evidence.put(incident.id(), store.investigations().evidence(incident.id()));
        status.put(incident.id(), store.investigations().status(incident.id()));
        diagnoses.put(incident.id(), store.investigations().latestDiagnosis(incident.id()));
        actions.put(incident.id(), store.remediations().of(incident.id()));
      }
      return new Result(bundle, details, evidence, status, diagnoses, actions);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("the bundle's signals were not accepted: " + e.getMessage(), e);
    }
  }

  /**
   * Waits for the remediation consumer to have read every event and planned what it proposed:
   * a replay has no executor and the default policy plans only, so this is the what-if.
   */
  private static void awaitRemediation(
      JdbcIncidentStore store, List<Incident> incidents, long deadline)
      throws InterruptedException {
    while (System.nanoTime() < deadline) {
      boolean caughtUp =
          store.events().position(dev.firebreak.analysis.remediate.Remediator.CONSUMER)
              >= store.events().latestEventId();
      boolean planned =
          incidents.stream()
              .flatMap(incident -> store.remediations().of(incident.id()).stream())
              .allMatch(
                  action -> action.state() != dev.firebreak.analysis.model.ActionState.PLANNING);
      if (caughtUp && planned) {
        return;
      }
      Thread.sleep(50);
    }
  }

  private static boolean finished(JdbcIncidentStore store, long incidentId) {
    return store
        .investigations()
        .status(incidentId)
        .map(
            status ->
                status.state().equals("failed")
                    || (!status.state().equals("pending")
                        && store.investigations().latestDiagnosis(incidentId).isPresent()))
        .orElse(true);
  }
}
