package dev.firebreak.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @TempDir Path directory;

  @Test
  void defaults_areLocalModeOnLoopback() {
    GatewayConfig config = ConfigLoader.load(Map.of());
    assertThat(config.localMode()).isTrue();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:data/firebreak.db");
    assertThat(config.intake().timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.correlation().labelKeys())
        .containsExactly("service", "namespace", "cluster", "job");
    assertThat(config.severity().get(Source.ALERTMANAGER).map("page")).isEqualTo(Severity.CRITICAL);
    assertThat(config.severity().get(Source.DATADOG).map("P2")).isEqualTo(Severity.HIGH);
    assertThat(config.severity().get(Source.PAGERDUTY).map(null, "low"))
        .isEqualTo(Severity.WARNING);
    assertThat(config.severity().get(Source.ALERTMANAGER).map("whatever"))
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void credentials_leaveLocalModeAndListenEverywhere() {
    GatewayConfig config = ConfigLoader.load(Map.of("FIREBREAK_ALERTMANAGER_TOKEN", "t"));
    assertThat(config.localMode()).isFalse();
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.webhookAuth().alertmanagerToken().orElseThrow().toString())
        .doesNotContain("t]")
        .isEqualTo("Secret[redacted]");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "FIREBREAK_PORTT|1|unknown setting FIREBREAK_PORTT",
        "FIREBREAK_PORT|eighty|FIREBREAK_PORT=eighty: not a whole number",
        "FIREBREAK_PORT|70000|FIREBREAK_PORT=70000: must be between 0 and 65535",
        "FIREBREAK_INTAKE_TIMEOUT|soon|FIREBREAK_INTAKE_TIMEOUT=soon: expected a duration",
        "FIREBREAK_DATABASE_URL|mysql://x|FIREBREAK_DATABASE_URL: expected jdbc:sqlite:FILE",
        "FIREBREAK_LOG_FORMAT|xml|FIREBREAK_LOG_FORMAT=xml: expected text or json",
        "FIREBREAK_DEFAULT_SEVERITY|urgent|FIREBREAK_DEFAULT_SEVERITY: unknown severity 'urgent'",
        "FIREBREAK_SEVERITY_DATADOG|P1|FIREBREAK_SEVERITY_DATADOG: 'P1' is not VALUE=SEVERITY",
        "FIREBREAK_SEVERITY_DATADOG|P1=red|FIREBREAK_SEVERITY_DATADOG: unknown severity 'red'",
        "FIREBREAK_DATADOG_HEADER|X Bad|FIREBREAK_DATADOG_HEADER=X Bad: not an HTTP header name",
        "FIREBREAK_CORRELATION_LABELS|,|FIREBREAK_CORRELATION_LABELS: name at least one label",
        "FIREBREAK_HOST|0.0.0.0|FIREBREAK_HOST=0.0.0.0 needs credentials",
        "FIREBREAK_ALERTMANAGER_USERNAME|bob|must be set together",
        "FIREBREAK_LOCAL_MODE_ON_ALL_INTERFACES|yes|expected true or false",
      })
  void badSetting_stopsStartWithItsName(String key, String value, String message) {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void localModeOnAllInterfaces_onlyWhenToldTo() {
    GatewayConfig config =
        ConfigLoader.load(
            Map.of("FIREBREAK_HOST", "0.0.0.0", "FIREBREAK_LOCAL_MODE_ON_ALL_INTERFACES", "true"));
    assertThat(config.localMode()).isTrue();
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.isLoopback()).isFalse();
    assertThat(ConfigLoader.load(Map.of()).isLoopback()).isTrue();
  }

  @Test
  void secrets_neverAppearInErrors() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of(
                        "FIREBREAK_API_READ_TOKEN", "super-secret-value", "FIREBREAK_PORT", "x")))
        .hasMessageNotContaining("super-secret-value");
  }

  @Test
  void file_suppliesSettingsAndEnvironmentWins() throws IOException {
    Path file = directory.resolve("firebreak.properties");
    Files.writeString(file, "FIREBREAK_PORT=9999\nFIREBREAK_CORRELATION_WINDOW=2h\n");
    Map<String, String> environment = new HashMap<>();
    environment.put("FIREBREAK_CONFIG_FILE", file.toString());
    environment.put("FIREBREAK_PORT", "7777");
    environment.put("PATH", "/usr/bin");
    GatewayConfig config = ConfigLoader.load(environment);
    assertThat(config.port()).isEqualTo(7777);
    assertThat(config.correlation().window()).isEqualTo(Duration.ofHours(2));

    Files.writeString(file, "FIREBREAK_NOPE=1\n");
    assertThatThrownBy(() -> ConfigLoader.load(environment))
        .hasMessageContaining("unknown setting FIREBREAK_NOPE");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("FIREBREAK_CONFIG_FILE", directory.resolve("missing").toString())))
        .hasMessageContaining("cannot read");
  }

  @Test
  void readme_documentsEverySettingWithItsDefault() throws IOException {
    Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    String text = Files.readString(readme);
    for (Setting setting : Setting.values()) {
      String defaultCell =
          setting.defaultValue().isEmpty() ? "(unset)" : "`" + setting.defaultValue() + "`";
      assertThat(text)
          .as(setting.key())
          .contains("| `" + setting.key() + "` | " + defaultCell + " |");
    }
  }
}
