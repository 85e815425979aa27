package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.firebreak.gateway.cli.FirebreakCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** No token, password or signing secret shows up in logs, answers, metrics or files. */
class SecretsTest {

  private static final List<String> SECRETS =
      List.of(
          "am-token-6c1f0d",
          "am-pass-9b2e",
          "dd-secret-77aa",
          "pd-secret-31bd",
          "api-read-5e5e",
          "api-write-0f0f",
          "prom-token-4d4d",
          "loki-key-8e8e",
          "es-pass-1a1a");

  @TempDir Path directory;

  @Test
  void secrets_appearNowhereTheGatewayWrites() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> written = new ArrayList<>();
    try (TestGateway gateway =
        TestGateway.start(
            directory,
            Map.ofEntries(
                Map.entry("FIREBREAK_ALERTMANAGER_TOKEN", SECRETS.get(0)),
                Map.entry("FIREBREAK_ALERTMANAGER_USERNAME", "am"),
                Map.entry("FIREBREAK_ALERTMANAGER_PASSWORD", SECRETS.get(1)),
                Map.entry("FIREBREAK_DATADOG_SECRET", SECRETS.get(2)),
                Map.entry("FIREBREAK_PAGERDUTY_SECRETS", SECRETS.get(3)),
                Map.entry("FIREBREAK_API_READ_TOKEN", SECRETS.get(4)),
                Map.entry("FIREBREAK_API_WRITE_TOKEN", SECRETS.get(5)),
                // Evidence sources that cannot be reached: their errors are logged and stored.
                Map.entry("FIREBREAK_PROMETHEUS_URL", "http://127.0.0.1:1"),
                Map.entry("FIREBREAK_PROMETHEUS_TOKEN", SECRETS.get(6)),
                Map.entry("FIREBREAK_LOKI_URL", "http://127.0.0.1:1/loki"),
                Map.entry("FIREBREAK_LOKI_HEADERS", "X-Scope-OrgID=" + SECRETS.get(7)),
                Map.entry("FIREBREAK_ELASTICSEARCH_URL", "http://127.0.0.1:1"),
                Map.entry("FIREBREAK_ELASTICSEARCH_USERNAME", "firebreak"),
                Map.entry("FIREBREAK_ELASTICSEARCH_PASSWORD", SECRETS.get(8))))) {
      String body = Fixtures.captured("alertmanager-firing-bearer");
      written.add(
          gateway
              .postJson("/webhooks/alertmanager", body, "Authorization", "Bearer " + SECRETS.get(0))
              .body());
      written.add(
          gateway
              .postJson(
                  "/webhooks/alertmanager", body, "Authorization", "Bearer " + SECRETS.get(0) + "x")
              .body());
      // A payload carrying a secret: the sender hears its own value back, logs and the store
      // must not keep it.
      String echoed =
          gateway
              .postJson(
                  "/webhooks/alertmanager",
                  "{\"version\": \"" + SECRETS.get(0) + "\"}",
                  "Authorization",
                  "Bearer " + SECRETS.get(0))
              .body();
      assertThat(echoed).contains("unsupported payload version");
      written.add(
          gateway
              .postJson(
                  "/webhooks/datadog",
                  Fixtures.datadog("e", "Triggered", "c"),
                  "X-Firebreak-Secret",
                  SECRETS.get(2) + "!")
              .body());
      written.add(
          gateway
              .postJson(
                  "/webhooks/pagerduty",
                  Fixtures.pagerDutyPing(),
                  "X-PagerDuty-Signature",
                  "v1=" + SECRETS.get(3))
              .body());
      written.add(
          gateway.get("/api/incidents", "Authorization", "Bearer " + SECRETS.get(4)).body());
      written.add(gateway.get("/metrics").body());
      written.add(gateway.get("/ready").body());
      gateway.awaitCorrelated();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (gateway.store.investigations().evidence(1).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(gateway.store.investigations().evidence(1)).isPresent();
      written.add(
          gateway
              .get("/api/incidents/1/evidence", "Authorization", "Bearer " + SECRETS.get(4))
              .body());
      written.add(
          gateway
              .get("/api/incidents/1/bundle", "Authorization", "Bearer " + SECRETS.get(4))
              .body());
      written.add(
          gateway.get("/api/incidents/1", "Authorization", "Bearer " + SECRETS.get(4)).body());
    } finally {
      root.detachAppender(logs);
    }
    for (ILoggingEvent event : logs.list) {
      written.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        written.add(event.getThrowableProxy().getMessage());
      }
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        written.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    StringWriter help = new StringWriter();
    new CommandLine(new FirebreakCommand())
        .setOut(new PrintWriter(help))
        .execute("config", "--markdown");
    written.add(help.toString());
    assertThat(help.toString()).contains("| `FIREBREAK_PAGERDUTY_SECRETS` |");

    assertThat(logs.list).isNotEmpty();
    for (String text : written) {
      for (String secret : SECRETS) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }
}
