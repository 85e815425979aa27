package dev.firebreak.gateway.remediate;

import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.port.ActionExecutor;
import dev.firebreak.analysis.port.Component;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.MetricCheck;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.remediate.Remediator;
import dev.firebreak.analysis.work.WorkWorker;
import dev.firebreak.analysis.work.WorkerWake;
import dev.firebreak.gateway.config.ConfigException;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.integrations.kubernetes.KubernetesExecutor;
import dev.firebreak.integrations.prometheus.PrometheusMetricCheck;
import dev.firebreak.integrations.prometheus.PrometheusSettings;
import dev.firebreak.integrations.runbook.RunbookExecutor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remediation as the gateway runs it: the {@code remediate} event consumer that proposes, the
 * work loop that takes each action through its steps, and the executors the configuration
 * enables (Kubernetes, runbook services), verified with the evidence's Prometheus.
 */
public final class Remediation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Remediation.class);

  /**
   * A step must finish within its lease or another gateway could take it over mid-call: a step
   * makes a few calls (read, dry-run or change, read back), each within the call timeout. It is
   * also how long the action a dead gateway was running waits for another one.
   */
  static Duration lease(Duration callTimeout) {
    return callTimeout.multipliedBy(3).plusSeconds(10);
  }

  /** Steps wait on the cluster and on runbooks; two run at once. */
  private static final int THREADS = 2;

  private final Remediator remediator;
  private final WorkWorker steps;
  private final Map<String, Component> executors;
  private final GatewayConfig.RemediationConfig config;

  public Remediation(
      GatewayConfig.RemediationConfig config,
      Optional<PrometheusSettings> prometheus,
      IncidentStore store,
      OkHttpClient http,
      Clock clock) {
    this.config = config;
    List<ActionExecutor> built = new ArrayList<>();
    Map<String, Component> named = new LinkedHashMap<>();
    config
        .kubeconfig()
        .ifPresent(
            where -> {
              KubernetesExecutor kubernetes =
                  new KubernetesExecutor(
                      new KubernetesClientBuilder()
                          .withConfig(kubernetesConfig(where, config.callTimeout()))
                          .build(),
                      clock);
              built.add(kubernetes);
              named.put("kubernetes", kubernetes);
            });
    if (!config.runbooks().isEmpty()) {
      RunbookExecutor runbooks = new RunbookExecutor(config.runbooks(), http, clock);
      built.add(runbooks);
      named.put("runbooks", runbooks);
    }
    this.executors = named;
    Optional<MetricCheck> metrics =
        prometheus.map(settings -> (MetricCheck) new PrometheusMetricCheck(settings, http));
    WorkerWake wake = new WorkerWake();
    this.remediator =
        new Remediator(store, config.playbooks(), config.policy(), built, metrics, clock, wake);
    this.steps =
        new WorkWorker(
            store.work(),
            Map.of(Remediations.WORK_KIND, remediator.stepHandler()),
            THREADS,
            lease(config.callTimeout()),
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            clock);
    wake.target(steps);
  }

  /**
   * The client's own retries are off: a failed call is a failed attempt of the step, which the
   * work queue retries with its backoff, and the step's lease must not be spent inside one call.
   */
  static Config kubernetesConfig(String where, Duration callTimeout) {
    Config config;
    if (where.equals("in-cluster")) {
      config = new ConfigBuilder().build();
    } else {
      try {
        config = Config.fromKubeconfig(Files.readString(Path.of(where), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ConfigException("FIREBREAK_KUBECONFIG=" + where + ": cannot be read (" + e + ")");
      }
    }
    config.setRequestRetryBackoffLimit(0);
    config.setRequestTimeout((int) callTimeout.toMillis());
    config.setConnectionTimeout((int) Math.min(callTimeout.toMillis(), 10_000));
    return config;
  }

  public Remediator remediator() {
    return remediator;
  }

  /** The executors, for {@code /ready} (degraded, never failing, when one is down). */
  public Map<String, Component> executors() {
    return executors;
  }

  /** Whether a diagnosis of {@code cause} will be acted on, for escalation. */
  public boolean willAct(RootCause cause) {
    return remediator.willAct(cause);
  }

  public boolean isAlive() {
    return remediator.follower().isAlive() && steps.isAlive();
  }

  public void start(Thread.UncaughtExceptionHandler onDeath) {
    remediator.start(onDeath);
    steps.start(onDeath);
    LOG.info(
        "remediation: {}{}; executors: {}",
        !config.policy().enabled() ? "off" : config.policy().dryRun() ? "dry-run" : "live",
        config.policy().enabled() && !config.policy().dryRun()
            ? " (runs up to " + config.policy().autoRisk().wireName() + " risk without approval)"
            : "",
        executors.isEmpty() ? "none" : String.join(", ", executors.keySet()));
  }

  public void wake() {
    remediator.wake();
    steps.wake();
  }

  /** One line for the start-up summary. */
  public String describe() {
    if (!config.policy().enabled()) {
      return "off";
    }
    return (config.policy().dryRun() ? "dry-run" : "live")
        + " via "
        + (executors.isEmpty() ? "no executor" : String.join("+", executors.keySet()));
  }

  @Override
  public void close() {
    remediator.close();
    steps.close();
    executors.values().forEach(Component::close);
  }
}
