package dev.firebreak.gateway.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.gateway.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryTest {

  @Test
  void offUnlessAnExporterIsNamed() {
    assertThat(Telemetry.fromEnvironment(Map.of()).isOn()).isFalse();
    assertThat(Telemetry.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x")).isOn()).isFalse();
    assertThat(Telemetry.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "none")).isOn()).isFalse();
    assertThat(
            Telemetry.fromEnvironment(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                        "OTEL_SDK_DISABLED", "true"))
                .isOn())
        .isFalse();
  }

  @Test
  void onWithAnEndpointAndRecording() {
    try (Telemetry telemetry =
        Telemetry.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"))) {
      assertThat(telemetry.isOn()).isTrue();
      assertThat(telemetry.tracer().spanBuilder("x").startSpan().isRecording()).isTrue();
    }
  }

  @Test
  void grpcIsRefusedWithWhatToDoInstead() {
    assertThatThrownBy(
            () ->
                Telemetry.fromEnvironment(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "OTEL_EXPORTER_OTLP_PROTOCOL=grpc: Firebreak exports OTLP over HTTP only"
                + " (http/protobuf, port 4318)");
  }

  @Test
  void aBadSettingIsAConfigurationErrorNamingTheCause() {
    assertThatThrownBy(
            () ->
                Telemetry.fromEnvironment(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                        "OTEL_TRACES_SAMPLER", "sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sometimes");
  }
}
