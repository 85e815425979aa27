package dev.firebreak.gateway.config;

import dev.firebreak.analysis.correlate.CorrelationSettings;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.integrations.chroma.ChromaSettings;
import dev.firebreak.learning.recall.IncidentRecall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the gateway is configured with, read once at start and validated.
 *
 * @param localMode no credentials at all are configured: everything is open and the gateway
 *     listens on loopback only
 */
public record GatewayConfig(
    String host,
    int port,
    boolean localMode,
    String databaseUrl,
    int databasePoolSize,
    WebhookAuthConfig webhookAuth,
    Optional<Secret> apiReadToken,
    Optional<Secret> apiWriteToken,
    Limits limits,
    ServerConfig server,
    IntakeConfig intake,
    CorrelationSettings correlation,
    Map<Source, SeverityMapping> severity,
    EvidenceConfig evidence,
    DiagnosisConfig diagnosis,
    Duration eventRetention,
    MemoryConfig memory,
    NotifyConfig notifications,
    RemediationConfig remediation,
    String logFormat) {

  /** Whether the gateway listens on a loopback address only. */
  public boolean isLoopback() {
    return ConfigLoader.isLoopback(host);
  }

  /**
   * @param kubeconfig a kubeconfig path or {@code in-cluster}; empty: no Kubernetes actions
   */
  public record RemediationConfig(
      dev.firebreak.analysis.remediate.RemediationPolicy policy,
      dev.firebreak.analysis.remediate.Playbooks playbooks,
      List<dev.firebreak.integrations.runbook.RunbookSettings> runbooks,
      Optional<String> kubeconfig,
      Duration callTimeout) {

    public RemediationConfig {
      runbooks = List.copyOf(runbooks);
    }
  }

  /**
   * Who hears of incidents and how: the escalation policy and the channels it may use.
   *
   * @param routingKeys PagerDuty integration keys by the names the policy uses
   * @param slackBotToken a bot token (messages updated in place, threads, buttons), or
   * @param slackWebhookUrl an incoming webhook (one message per step)
   * @param slackUsers Slack user ids allowed to act from Slack, with the names recorded for them
   */
  public record NotifyConfig(
      dev.firebreak.analysis.notify.EscalationPolicy policy,
      Map<String, Secret> routingKeys,
      String pagerDutyUrl,
      Optional<Secret> slackBotToken,
      Optional<Secret> slackWebhookUrl,
      String slackApiUrl,
      Optional<Secret> slackSigningSecret,
      Map<String, String> slackUsers,
      Optional<String> publicUrl,
      java.time.Duration callTimeout,
      dev.firebreak.analysis.notify.Notifier.Retries retries) {

    /** Whether any channel is configured (else decisions reach only the timeline and log). */
    public boolean anyChannel() {
      return !routingKeys.isEmpty() || slackBotToken.isPresent() || slackWebhookUrl.isPresent();
    }
  }

  /**
   * Incident memory and postmortems.
   *
   * @param chroma set when the vector index is Chroma
   * @param postmortemDirectory empty when postmortems are not written to files
   */
  public record MemoryConfig(
      boolean enabled,
      Optional<ChromaSettings> chroma,
      IncidentRecall.Mode recallMode,
      double minSimilarity,
      Optional<Path> postmortemDirectory) {}

  /** Credentials per webhook source; an empty field means that source has none. */
  public record WebhookAuthConfig(
      Optional<Secret> alertmanagerToken,
      Optional<String> alertmanagerUsername,
      Optional<Secret> alertmanagerPassword,
      Optional<Secret> grafanaToken,
      Optional<String> grafanaUsername,
      Optional<Secret> grafanaPassword,
      Optional<Secret> datadogSecret,
      String datadogHeader,
      List<Secret> pagerdutySecrets) {

    public WebhookAuthConfig {
      pagerdutySecrets = List.copyOf(pagerdutySecrets);
    }

    boolean isEmpty() {
      return alertmanagerToken.isEmpty()
          && alertmanagerUsername.isEmpty()
          && grafanaToken.isEmpty()
          && grafanaUsername.isEmpty()
          && datadogSecret.isEmpty()
          && pagerdutySecrets.isEmpty();
    }
  }

  /** Bounds on what one webhook may carry. */
  public record Limits(long maxBodyBytes, int maxAlertsPerRequest, int maxLabels) {}

  /**
   * What keeps one sender from starving the others: request threads, how slow a body may come,
   * connections per client, and the bytes of bodies read before their signature is checked.
   */
  public record ServerConfig(
      int threads,
      Duration bodyTimeout,
      int minRequestBytesPerSecond,
      int maxConnectionsPerClient,
      long unauthenticatedBodyBudget) {

    /**
     * The largest body that can only be authenticated once read (a PagerDuty signature).
     * PagerDuty delivers at most 256 KB and drops larger payloads on its side; twice that
     * leaves room without letting unsigned senders make the gateway read megabytes.
     */
    public static final long LARGEST_UNSIGNED_BODY = 512 * 1024;

    /** How many requests may read a webhook body at once; the rest of the threads stay free. */
    public int maxBodyReaders() {
      return Math.max(1, threads * 3 / 4);
    }
  }

  /** Group commit and back-pressure. */
  public record IntakeConfig(
      int queueCapacity, int maxBatchSignals, int recentKeys, Duration timeout) {}
}
