package dev.firebreak.gateway.notify;

import dev.firebreak.analysis.notify.Escalator;
import dev.firebreak.analysis.notify.Notifier;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.NotificationSender;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.work.WorkWorker;
import dev.firebreak.analysis.work.WorkerWake;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.config.Secret;
import dev.firebreak.integrations.pagerduty.PagerDutyEvents;
import dev.firebreak.integrations.slack.SlackIncomingWebhook;
import dev.firebreak.integrations.slack.SlackWebApi;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalation and notifications as the gateway runs them: the {@code notify} event consumer that
 * decides, and the work loop that delivers, with the senders the configuration enables.
 */
public final class Notifications implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  /**
   * A delivery must finish within its lease, or a second gateway could send it again: a reply
   * may take two calls (the incident's message first), so the lease is three call timeouts and
   * a margin. It is also how long the messages a dead gateway was sending wait for another one,
   * so it is no longer than that.
   */
  static Duration lease(Duration callTimeout) {
    return callTimeout.multipliedBy(3).plusSeconds(5);
  }

  /** Deliveries mostly wait on PagerDuty and Slack: several run at once. */
  private static final int DELIVERY_THREADS = 8;

  private final Notifier notifier;
  private final WorkWorker delivery;
  private final GatewayConfig.NotifyConfig config;

  public Notifications(
      GatewayConfig.NotifyConfig config,
      IncidentStore store,
      OkHttpClient http,
      Clock clock,
      java.util.function.Predicate<dev.firebreak.analysis.model.RootCause> remediationActs) {
    this.config = config;
    List<NotificationSender> senders = new ArrayList<>();
    if (!config.routingKeys().isEmpty()) {
      Map<String, String> keys = new LinkedHashMap<>();
      for (Map.Entry<String, Secret> key : config.routingKeys().entrySet()) {
        keys.put(key.getKey(), new String(key.getValue().bytes(), StandardCharsets.UTF_8));
      }
      senders.add(new PagerDutyEvents(http, config.pagerDutyUrl(), keys, config.callTimeout()));
    }
    config
        .slackBotToken()
        .ifPresent(
            token ->
                senders.add(
                    new SlackWebApi(
                        http,
                        config.slackApiUrl(),
                        new String(token.bytes(), StandardCharsets.UTF_8),
                        config.callTimeout())));
    config
        .slackWebhookUrl()
        .ifPresent(
            url ->
                senders.add(
                    new SlackIncomingWebhook(
                        http,
                        new String(url.bytes(), StandardCharsets.UTF_8),
                        config.callTimeout())));
    boolean slackUpdates = config.slackBotToken().isPresent();
    // A scheduled page waits for an automatic fix only where remediation will act on the cause.
    Escalator escalator = new Escalator(config.policy(), slackUpdates, remediationActs);
    WorkerWake wake = new WorkerWake();
    this.notifier =
        new Notifier(store, escalator, senders, config.publicUrl(), config.retries(), clock, wake);
    this.delivery =
        new WorkWorker(
            store.work(),
            Map.of(Outbox.WORK_KIND, notifier.deliveryHandler()),
            DELIVERY_THREADS,
            lease(config.callTimeout()),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            clock);
    wake.target(delivery);
  }

  public Notifier notifier() {
    return notifier;
  }

  public boolean isAlive() {
    return notifier.follower().isAlive() && delivery.isAlive();
  }

  public void start(Thread.UncaughtExceptionHandler onDeath) {
    notifier.start(onDeath);
    delivery.start(onDeath);
    if (config.anyChannel()) {
      LOG.info(
          "notifications: {}{}",
          notifier.channels().stream().map(channel -> channel.wireName()).sorted().toList(),
          config.slackWebhookUrl().isPresent()
              ? " (Slack incoming webhook: no updates or buttons)"
              : "");
    } else {
      LOG.info(
          "notifications: no PagerDuty or Slack configured; escalation decisions go to the"
              + " timeline and this log");
    }
  }

  public void wake() {
    notifier.wake();
    delivery.wake();
  }

  @Override
  public void close() {
    notifier.close();
    delivery.close();
  }
}
