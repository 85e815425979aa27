package dev.firebreak.gateway.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.intake.Intake;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.IntakeLog;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.config.Setting;
import dev.firebreak.gateway.metrics.GatewayMetrics;
import dev.firebreak.gateway.trace.Telemetry;
import dev.firebreak.gateway.trace.TracedHandler;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;

/** Mounts the webhook receivers with their credentials. */
public final class WebhookRoutes implements AutoCloseable {

  private final RejectionMemory rejections;
  private final BodyReader bodies;

  private WebhookRoutes(RejectionMemory rejections, BodyReader bodies) {
    this.rejections = rejections;
    this.bodies = bodies;
  }

  /** The bounds every signed sender's body is read within (threads, unauthenticated bytes). */
  BodyReader bodies() {
    return bodies;
  }

  public static WebhookRoutes mount(
      JavalinDefaultRoutingApi app,
      GatewayConfig config,
      Intake intake,
      IntakeLog log,
      GatewayMetrics metrics,
      ObjectMapper json,
      Clock clock,
      Telemetry telemetry) {
    RejectionMemory rejections = new RejectionMemory(log, clock);
    var server = config.server();
    BodyReader bodies =
        new BodyReader(
            server.maxBodyReaders(), server.unauthenticatedBodyBudget(), server.bodyTimeout());
    var auth = config.webhookAuth();
    var limits = config.limits();

    WebhookAuth alertmanager;
    WebhookAuth grafana;
    WebhookAuth datadog;
    WebhookAuth pagerduty;
    if (config.localMode()) {
      alertmanager = WebhookAuth.OPEN;
      grafana = WebhookAuth.OPEN;
      datadog = WebhookAuth.OPEN;
      pagerduty = WebhookAuth.OPEN;
    } else {
      alertmanager =
          auth.alertmanagerToken().isPresent() || auth.alertmanagerUsername().isPresent()
              ? new BearerOrBasicAuth(
                  "Alertmanager",
                  auth.alertmanagerToken(),
                  auth.alertmanagerUsername(),
                  auth.alertmanagerPassword())
              : WebhookAuth.unconfigured(
                  "Alertmanager",
                  Setting.ALERTMANAGER_TOKEN.key()
                      + " or "
                      + Setting.ALERTMANAGER_USERNAME.key()
                      + "/"
                      + Setting.ALERTMANAGER_PASSWORD.key());
      grafana =
          auth.grafanaToken().isPresent() || auth.grafanaUsername().isPresent()
              ? new BearerOrBasicAuth(
                  "Grafana", auth.grafanaToken(), auth.grafanaUsername(), auth.grafanaPassword())
              : WebhookAuth.unconfigured(
                  "Grafana",
                  Setting.GRAFANA_TOKEN.key()
                      + " or "
                      + Setting.GRAFANA_USERNAME.key()
                      + "/"
                      + Setting.GRAFANA_PASSWORD.key());
      datadog =
          auth.datadogSecret()
              .<WebhookAuth>map(secret -> new HeaderSecretAuth(auth.datadogHeader(), secret))
              .orElse(WebhookAuth.unconfigured("Datadog", Setting.DATADOG_SECRET.key()));
      pagerduty =
          auth.pagerdutySecrets().isEmpty()
              ? WebhookAuth.unconfigured("PagerDuty", Setting.PAGERDUTY_SECRETS.key())
              : new PagerDutySignature(auth.pagerdutySecrets());
    }
    mount(
        app,
        "/webhooks/alertmanager",
        new AlertmanagerReceiver(
            Source.ALERTMANAGER, config.severity().get(Source.ALERTMANAGER), limits),
        alertmanager,
        intake,
        rejections,
        bodies,
        metrics,
        json,
        config,
        clock,
        telemetry);
    mount(
        app,
        "/webhooks/grafana",
        new AlertmanagerReceiver(Source.GRAFANA, config.severity().get(Source.GRAFANA), limits),
        grafana,
        intake,
        rejections,
        bodies,
        metrics,
        json,
        config,
        clock,
        telemetry);
    mount(
        app,
        "/webhooks/datadog",
        new DatadogReceiver(config.severity().get(Source.DATADOG)),
        datadog,
        intake,
        rejections,
        bodies,
        metrics,
        json,
        config,
        clock,
        telemetry);
    mount(
        app,
        "/webhooks/pagerduty",
        new PagerDutyReceiver(config.severity().get(Source.PAGERDUTY)),
        pagerduty,
        intake,
        rejections,
        bodies,
        metrics,
        json,
        config,
        clock,
        telemetry);
    return new WebhookRoutes(rejections, bodies);
  }

  private static void mount(
      JavalinDefaultRoutingApi app,
      String path,
      WebhookReceiver receiver,
      WebhookAuth auth,
      Intake intake,
      RejectionMemory rejections,
      BodyReader bodies,
      GatewayMetrics metrics,
      ObjectMapper json,
      GatewayConfig config,
      Clock clock,
      Telemetry telemetry) {
    app.post(
        path,
        new TracedHandler(
            telemetry,
            path,
            new WebhookEndpoint(
                receiver,
                auth,
                intake,
                rejections,
                metrics,
                json,
                config.limits().maxBodyBytes(),
                bodies,
                config.intake().timeout(),
                clock)));
  }

  @Override
  public void close() {
    rejections.close();
  }
}
