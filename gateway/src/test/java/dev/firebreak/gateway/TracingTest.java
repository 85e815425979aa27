package dev.firebreak.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.firebreak.analysis.trace.Tracing;
import dev.firebreak.gateway.trace.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's own spans, recorded by the real SDK into memory: one per webhook (continuing the
 * sender's trace), per group commit, per correlation batch, per investigation and, inside it,
 * per evidence source asked, a failing source's span marked failed.
 */
class TracingTest {

  private static final String TOKEN = "am-token";

  @TempDir Path directory;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private WireMockServer prometheus;
  private TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    prometheus = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    prometheus.start();
    long now = java.time.Instant.parse("2026-11-21T10:57:56Z").getEpochSecond();
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                                + "[{\"metric\":{\"job\":\"checkout\"},\"values\":[[%d,\"0\"],"
                                + "[%d,\"1\"]]}]}}")
                            .formatted(now - 600, now))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/series"))
            .willReturn(aResponse().withBody("{\"status\":\"success\",\"data\":[]}")));
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_ALERTMANAGER_TOKEN",
                TOKEN,
                "FIREBREAK_PROMETHEUS_URL",
                prometheus.baseUrl(),
                "FIREBREAK_ELASTICSEARCH_URL",
                "http://127.0.0.1:" + closed,
                "FIREBREAK_EVIDENCE_RERUN_DELAY",
                "0s"),
            store -> store,
            Telemetry.using(sdk));
  }

  @AfterEach
  void stop() {
    gateway.close();
    prometheus.stop();
  }

  @Test
  void everyStepOfAnIncidentIsASpanAndTheSourcesAreChildrenOfTheirInvestigation() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentId = "00f067aa0ba902b7";
    HttpResponse<String> answer =
        gateway.postJson(
            "/webhooks/alertmanager",
            Fixtures.captured("alertmanager-firing-bearer"),
            "Authorization",
            "Bearer " + TOKEN,
            "traceparent",
            "00-" + traceId + "-" + parentId + "-01");
    assertThat(answer.statusCode()).isEqualTo(202);

    Conditions.await(
        "an investigation with both sources",
        Duration.ofSeconds(30),
        () -> named(Tracing.INVESTIGATION).size() >= 1 && named(Tracing.SOURCE_QUERY).size() >= 2);

    SpanData webhook = named("POST /webhooks/alertmanager").get(0);
    assertThat(webhook.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(webhook.getTraceId()).as("continues the sender's trace").isEqualTo(traceId);
    assertThat(webhook.getParentSpanId()).isEqualTo(parentId);
    assertThat(webhook.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(202L);

    SpanData commit = named(Tracing.INTAKE_COMMIT).get(0);
    assertThat(commit.getParentSpanContext().isValid()).as("a commit is its own trace").isFalse();
    assertThat(commit.getAttributes().get(AttributeKey.longKey("firebreak.signals"))).isPositive();
    assertThat(named(Tracing.CORRELATION_BATCH)).isNotEmpty();

    SpanData investigation = named(Tracing.INVESTIGATION).get(0);
    assertThat(investigation.getAttributes().get(AttributeKey.longKey("firebreak.incident.id")))
        .isEqualTo(1L);
    List<SpanData> queries =
        named(Tracing.SOURCE_QUERY).stream()
            .filter(query -> query.getParentSpanId().equals(investigation.getSpanId()))
            .toList();
    assertThat(queries)
        .extracting(query -> query.getAttributes().get(AttributeKey.stringKey("firebreak.source")))
        .containsExactlyInAnyOrder("prometheus", "elasticsearch");
    assertThat(queries).allMatch(query -> query.getTraceId().equals(investigation.getTraceId()));
    SpanData elasticsearch =
        queries.stream()
            .filter(
                query ->
                    "elasticsearch"
                        .equals(
                            query.getAttributes().get(AttributeKey.stringKey("firebreak.source"))))
            .findFirst()
            .orElseThrow();
    assertThat(elasticsearch.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    SpanData prometheusQuery =
        queries.stream().filter(query -> query != elasticsearch).findFirst().orElseThrow();
    assertThat(prometheusQuery.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void aRefusedWebhookIsTheSendersErrorNotTheSpans() {
    HttpResponse<String> answer =
        gateway.postJson(
            "/webhooks/alertmanager",
            Fixtures.captured("alertmanager-firing-bearer"),
            "Authorization",
            "Bearer wrong");
    assertThat(answer.statusCode()).isEqualTo(401);
    Conditions.await(
        "the webhook span",
        Duration.ofSeconds(10),
        () -> !named("POST /webhooks/alertmanager").isEmpty());
    SpanData webhook = named("POST /webhooks/alertmanager").get(0);
    assertThat(webhook.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(401L);
    assertThat(webhook.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(named(Tracing.INTAKE_COMMIT)).isEmpty();
  }

  @Test
  void metricsSayWhichBuildThisIs() {
    assertThat(gateway.get("/metrics").body())
        .containsPattern(
            "firebreak_build_info\\{revision=\"([0-9a-f]{12}|unknown)\",version=\""
                + java.util.regex.Pattern.quote(BuildInfo.current().version())
                + "\"} 1.0");
    assertThat(BuildInfo.current().version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  private List<SpanData> named(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals(name))
        .toList();
  }
}
