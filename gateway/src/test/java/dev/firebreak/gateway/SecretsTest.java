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

  private static final List<String> SECRETS = List.of("am-token-6c1f0d", "am-pass-9b2e",
      "dd-secret-77aa", "pd-secret-31bd", "api-read-5e5e", "api-write-0f0f");

  @TempDir Path directory;

  @Test
  void secrets_appearNowhereTheGatewayWrites() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> written = new ArrayList<>();
    try (TestGateway gateway = TestGateway.start(directory, Map.of(
        "FIREBREAK_ALERTMANAGER_TOKEN", SECRETS.get(0),
        "FIREBREAK_ALERTMANAGER_USERNAME", "am",
        "FIREBREAK_ALERTMANAGER_PASSWORD", SECRETS.get(1),
        "FIREBREAK_DATADOG_SECRET", SECRETS.get(2),
        "FIREBREAK_PAGERDUTY_SECRETS", SECRETS.get(3),
        "FIREBREAK_API_READ_TOKEN", SECRETS.get(4),
        "FIREBREAK_API_WRITE_TOKEN", SECRETS.get(5)))) {
      String body = Fixtures.captured("alertmanager-firing-bearer");
      written.add(gateway.postJson("/webhooks/alertmanager", body, "Authorization",
          "Bearer " + SECRETS.get(0)).body());
      written.add(gateway.postJson("/webhooks/alertmanager", body, "Authorization",
          "Bearer " + SECRETS.get(0) + "x").body());
      // A payload carrying a secret: the sender hears its own value back, logs and the store
      // must not keep it.
      String echoed = gateway.postJson("/webhooks/alertmanager", "{\"version\": \""
          + SECRETS.get(0) + "\"}", "Authorization", "Bearer " + SECRETS.get(0)).body();
      assertThat(echoed).contains("unsupported payload version");
      written.add(gateway.postJson("/webhooks/datadog", Fixtures.datadog("e", "Triggered", "c"),
          "X-Firebreak-Secret", SECRETS.get(2) + "!").body());
      written.add(gateway.postJson("/webhooks/pagerduty", Fixtures.pagerDutyPing(),
          "X-PagerDuty-Signature", "v1=" + SECRETS.get(3)).body());
      written.add(gateway.get("/api/incidents", "Authorization", "Bearer " + SECRETS.get(4))
          .body());
      written.add(gateway.get("/metrics").body());
      written.add(gateway.get("/ready").body());
      gateway.awaitCorrelated();
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
    new CommandLine(new FirebreakCommand()).setOut(new PrintWriter(help))
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
