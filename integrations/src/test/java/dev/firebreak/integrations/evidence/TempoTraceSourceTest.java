package dev.firebreak.integrations.evidence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.integrations.tempo.TempoTraceSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TempoTraceSourceTest {

  private static final String TRACE_HEX = "2f3e1a9c5d7b48e6a1c0f9b8e7d6c5b4";
  private static final long START_NS =
      SourceTests.START.getEpochSecond() * 1_000_000_000L + 90_000_000_000L;

  private WireMockServer tempo;
  private TempoTraceSource source;

  @BeforeEach
  void start() {
    tempo = SourceTests.server();
    source =
        new TempoTraceSource(
            "tempo",
            SourceTests.endpoint(tempo).withHeader("X-Scope-OrgID", "team-b"),
            SourceTests.CLIENT);
  }

  @AfterEach
  void stop() {
    tempo.stop();
  }

  @Test
  void collect_searchesWithTraceQlThenFetchesEachTraceAndTurnsBase64IdsIntoHex() {
    tempo.stubFor(
        get(urlPathEqualTo("/api/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"traces":[{"traceID":"%s","rootServiceName":"checkout",
              "rootTraceName":"POST /checkout","startTimeUnixNano":"%d","durationMs":812,
              "spanSets":[{"spans":[{"spanID":"a1b2c3d4e5f60718","startTimeUnixNano":"%d",
                "durationNanos":"700000000","attributes":[{"key":"status","value":
                {"stringValue":"error"}}]}],"matched":1}]}],
             "metrics":{"inspectedBytes":"123456","completedJobs":1,"totalJobs":1}}
            """
                            .formatted(TRACE_HEX, START_NS, START_NS + 100_000_000L))));
    // /api/traces answers OTLP JSON under "batches" with base64 ids (grafana/tempo#5437).
    tempo.stubFor(
        get(urlPathEqualTo("/api/traces/" + TRACE_HEX))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"batches":[
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
               "scopeSpans":[{"scope":{"name":"io.opentelemetry.http"},"spans":[
                 {"traceId":"Lz4anF17SOahwPm459bFtA==","spanId":"ERERERERERE=",
                  "name":"POST /checkout","kind":"SPAN_KIND_SERVER",
                  "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                  "attributes":[{"key":"http.response.status_code","value":{"intValue":"502"}}],
                  "status":{"code":"STATUS_CODE_ERROR"}}]}]},
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"payments"}}]},
               "scopeSpans":[{"scope":{"name":"db"},"spans":[
                 {"traceId":"Lz4anF17SOahwPm459bFtA==","spanId":"obLD1OX2Bxg=",
                  "parentSpanId":"ERERERERERE=","name":"SELECT ledger","kind":"SPAN_KIND_CLIENT",
                  "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                  "status":{"code":"STATUS_CODE_ERROR","message":"pool exhausted"}}]}]}]}
            """
                            .formatted(
                                START_NS,
                                START_NS + 812_000_000L,
                                START_NS + 100_000_000L,
                                START_NS + 800_000_000L))));

    Findings<TraceSummary> out = new Findings<>(5);
    source.collect(SourceTests.request(Map.of(), Set.of("checkout")), out);

    TraceSummary trace = out.items().get(0);
    assertThat(trace.traceId()).isEqualTo(TRACE_HEX);
    assertThat(trace.rootService()).isEqualTo("checkout");
    assertThat(trace.durationMicros()).isEqualTo(812_000);
    Span db = trace.spans().get(1);
    assertThat(db.spanId()).isEqualTo("a1b2c3d4e5f60718");
    assertThat(db.parentId()).isEqualTo("1111111111111111");
    assertThat(db.service()).isEqualTo("payments");
    assertThat(db.kind()).isEqualTo("client");
    assertThat(db.error()).isTrue();
    assertThat(db.statusMessage()).isEqualTo("pool exhausted");
    assertThat(trace.spans().get(0).tags()).containsEntry("http.response.status_code", "502");
    tempo.verify(
        getRequestedFor(urlPathEqualTo("/api/search"))
            .withQueryParam(
                "q", equalTo("{ resource.service.name = \"checkout\" && status = error }"))
            .withQueryParam("start", equalTo(Long.toString(SourceTests.START.getEpochSecond())))
            .withQueryParam("end", equalTo(Long.toString(SourceTests.END.getEpochSecond())))
            .withQueryParam("limit", equalTo("6"))
            .withHeader("X-Scope-OrgID", equalTo("team-b")));
    tempo.verify(
        getRequestedFor(urlPathEqualTo("/api/traces/" + TRACE_HEX))
            .withHeader("X-Scope-OrgID", equalTo("team-b")));
  }

  @Test
  void collect_noMatchesAndNotFound() {
    tempo.stubFor(
        get(urlPathEqualTo("/api/search"))
            .willReturn(aResponse().withBody("{\"metrics\":{\"inspectedBytes\":\"0\"}}")));
    Findings<TraceSummary> out = new Findings<>(5);
    source.collect(SourceTests.request(Map.of(), Set.of("checkout")), out);
    assertThat(out.items()).isEmpty();

    tempo.stubFor(
        get(urlPathEqualTo("/api/search"))
            .willReturn(
                aResponse().withBody("{\"traces\":[{\"traceID\":\"" + TRACE_HEX + "\"}]}")));
    tempo.stubFor(
        get(urlPathEqualTo("/api/traces/" + TRACE_HEX))
            .willReturn(aResponse().withStatus(404).withBody("trace not found")));
    assertThatThrownBy(
            () ->
                source.collect(
                    SourceTests.request(Map.of(), Set.of("checkout")), new Findings<>(5)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.getMessage()).contains("trace not found");
            });
  }

  @Test
  void collect_traceqlErrorIsReported() {
    tempo.stubFor(
        get(urlPathEqualTo("/api/search"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("invalid TraceQL query: parse error at line 1, col 3")));
    assertThatThrownBy(
            () ->
                source.collect(
                    SourceTests.request(Map.of(), Set.of("checkout")), new Findings<>(5)))
        .hasMessageContaining("invalid TraceQL");
  }
}
