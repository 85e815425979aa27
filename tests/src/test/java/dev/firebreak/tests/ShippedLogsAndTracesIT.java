package dev.firebreak.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a log shipper and a trace collector receive from the packaged gateway: every line of
 * {@code FIREBREAK_LOG_FORMAT=json} is an Elastic Common Schema document, lifecycle lines carry
 * {@code incident.id}, lines logged inside a span carry {@code trace.id} — and that trace is
 * what the OTLP exporter, configured only by the standard {@code OTEL_*} variables, sends to
 * the collector (a WireMock answering as an OTLP/HTTP receiver does).
 */
class ShippedLogsAndTracesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "am-token";

  @TempDir Path directory;
  private WireMockServer prometheus;
  private WireMockServer collector;
  private ManagedProcess gateway;
  private int port;

  @BeforeEach
  void start() {
    prometheus = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    prometheus.start();
    PrometheusApiStub.answerOneSeries(prometheus);
    collector = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    collector.start();
    // An OTLP/HTTP receiver answers an export with an empty ExportTraceServiceResponse.
    collector.stubFor(
        post(urlPathEqualTo("/v1/traces"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-protobuf")
                    .withBody(new byte[0])));
    port = Repository.freePort();
    gateway =
        GatewayProcess.start(
            directory,
            port,
            Map.of(
                "FIREBREAK_LOG_FORMAT",
                "json",
                "FIREBREAK_ALERTMANAGER_TOKEN",
                TOKEN,
                "FIREBREAK_PROMETHEUS_URL",
                prometheus.baseUrl(),
                // Nothing listens there: the failing source logs a warning inside its span.
                "FIREBREAK_ELASTICSEARCH_URL",
                "http://127.0.0.1:" + Repository.freePort(),
                "FIREBREAK_MEMORY",
                "off",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                collector.baseUrl(),
                "OTEL_BSP_SCHEDULE_DELAY",
                "200"),
            "gateway");
  }

  @AfterEach
  void stop() {
    gateway.close();
    prometheus.stop();
    collector.stop();
  }

  @Test
  void logsAreEcsDocumentsAndTheirTraceIdsAreTheExportedTraces() throws Exception {
    String alert =
        """
        {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","status":"firing",
         "receiver":"firebreak","groupLabels":{"alertname":"HighErrorRate"},
         "commonLabels":{"alertname":"HighErrorRate","service":"checkout","severity":"critical"},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093","truncatedAlerts":0,
         "alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","service":"checkout",
         "severity":"critical"},"annotations":{"summary":"5xx above five percent"},
         "startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
         "generatorURL":"http://prometheus:9090/graph?g0.expr=up","fingerprint":"a1b2c3d4e5f60718"}]}
        """
            .formatted(Instant.now().minusSeconds(30));
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(alert))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(202);

    JsonNode opened = awaitLine(line -> line.path("message").asText().contains("opened: "));
    assertThat(opened.path("incident.id").asText()).isEqualTo("1");
    assertThat(opened.path("log.logger").asText()).isEqualTo("dev.firebreak.incidents");
    JsonNode traced = awaitLine(line -> line.has("trace.id"));
    assertThat(traced.path("span.id").asText()).matches("[0-9a-f]{16}");

    byte[] traceId = HexFormat.of().parseHex(traced.path("trace.id").asText());
    // OTLP protobuf carries the trace id as its 16 raw bytes and the span names as text.
    Await.until(
        "the logged trace reached the collector",
        Duration.ofSeconds(30),
        () ->
            collector.findAll(postRequestedFor(urlPathEqualTo("/v1/traces"))).stream()
                .anyMatch(
                    export ->
                        contains(export.getBody(), traceId)
                            && contains(export.getBody(), "evidence.query".getBytes())));
    LoggedRequest first = collector.findAll(postRequestedFor(urlPathEqualTo("/v1/traces"))).get(0);
    assertThat(first.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(contains(first.getBody(), "firebreak".getBytes())).as("service.name").isTrue();

    List<JsonNode> lines = lines();
    assertThat(lines).hasSizeGreaterThan(5);
    for (JsonNode line : lines) {
      assertThat(line.path("ecs.version").asText()).as(line.toString()).isNotEmpty();
      assertThat(line.path("log.level").asText())
          .as(line.toString())
          .isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
      assertThat(line.path("message").isTextual()).as(line.toString()).isTrue();
      assertThat(line.path("service.name").asText()).isEqualTo("firebreak");
      assertThat(line.path("service.version").asText()).isNotBlank();
      OffsetDateTime.parse(line.path("@timestamp").asText());
      assertThat(line.has("formattedMessage")).as("not logback's own JSON").isFalse();
    }
  }

  private JsonNode awaitLine(java.util.function.Predicate<JsonNode> wanted) {
    return Await.value(
        "such a log line",
        Duration.ofSeconds(30),
        () -> lines().stream().filter(wanted).findFirst());
  }

  /** Every line the gateway wrote, each of which must be one JSON document. */
  private List<JsonNode> lines() {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : gateway.logText().split("\n")) {
      if (!line.isBlank()) {
        try {
          parsed.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new AssertionError("not a JSON log line: " + line, e);
        }
      }
    }
    return parsed;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
