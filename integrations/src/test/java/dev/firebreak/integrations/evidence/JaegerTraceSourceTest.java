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
import dev.firebreak.integrations.jaeger.JaegerTraceSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JaegerTraceSourceTest {

  private static final long START_US = SourceTests.START.getEpochSecond() * 1_000_000L;

  private WireMockServer jaeger;
  private JaegerTraceSource source;

  @BeforeEach
  void start() {
    jaeger = SourceTests.server();
    source =
        new JaegerTraceSource(
            "jaeger",
            SourceTests.endpoint(jaeger).withHeader("X-Api-Key", "jaeger-key"),
            SourceTests.CLIENT);
  }

  @AfterEach
  void stop() {
    jaeger.stop();
  }

  static final String TRACES =
      """
      {"data":[{"traceID":"4BF92F3577B34DA6A3CE929D0E0E4736","spans":[
        {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7","flags":1,
         "operationName":"POST /checkout","references":[],"startTime":%d,"duration":1250000,
         "tags":[{"key":"span.kind","type":"string","value":"server"},
                 {"key":"error","type":"bool","value":true},
                 {"key":"http.status_code","type":"int64","value":502}],
         "logs":[],"processID":"p1","warnings":null},
        {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"53995c3f42cd8ad8","flags":1,
         "operationName":"charge","references":[{"refType":"CHILD_OF",
           "traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7"}],
         "startTime":%d,"duration":1000000,
         "tags":[{"key":"span.kind","type":"string","value":"client"},
                 {"key":"otel.status_code","type":"string","value":"ERROR"},
                 {"key":"otel.status_description","type":"string","value":"connection refused"}],
         "logs":[{"timestamp":%d,"fields":[{"key":"event","type":"string","value":"error"}]}],
         "processID":"p2","warnings":null}],
       "processes":{"p1":{"serviceName":"checkout","tags":[]},
                    "p2":{"serviceName":"payments","tags":[{"key":"hostname","type":"string",
                      "value":"payments-7d9"}]}},
       "warnings":null}],
       "total":0,"limit":0,"offset":0,"errors":null}
      """
          .formatted(START_US + 60_000_000L, START_US + 60_100_000L, START_US + 61_000_000L);

  @Test
  void collect_searchesFailingTracesPerServiceInMicroseconds() {
    jaeger.stubFor(
        get(urlPathEqualTo("/api/traces"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(TRACES)));

    Findings<TraceSummary> out = new Findings<>(5);
    source.collect(SourceTests.request(Map.of("service", "checkout"), Set.of("checkout")), out);

    TraceSummary trace = out.items().get(0);
    assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(trace.rootService()).isEqualTo("checkout");
    assertThat(trace.rootOperation()).isEqualTo("POST /checkout");
    assertThat(trace.error()).isTrue();
    assertThat(trace.durationMicros()).isEqualTo(1_250_000);
    Span charge = trace.spans().get(1);
    assertThat(charge.parentId()).isEqualTo("00f067aa0ba902b7");
    assertThat(charge.service()).isEqualTo("payments");
    assertThat(charge.kind()).isEqualTo("client");
    assertThat(charge.error()).isTrue();
    assertThat(charge.statusMessage()).isEqualTo("connection refused");
    assertThat(charge.start()).isEqualTo(SourceTests.START.plusMillis(60_100));
    jaeger.verify(
        getRequestedFor(urlPathEqualTo("/api/traces"))
            .withQueryParam("service", equalTo("checkout"))
            .withQueryParam("start", equalTo(Long.toString(START_US)))
            .withQueryParam(
                "end", equalTo(Long.toString(SourceTests.END.getEpochSecond() * 1_000_000L)))
            .withQueryParam("limit", equalTo("6"))
            .withQueryParam("tags", equalTo("{\"error\":\"true\"}"))
            .withHeader("X-Api-Key", equalTo("jaeger-key")));
  }

  @Test
  void collect_sameTraceFoundThroughTwoServicesIsKeptOnce() {
    jaeger.stubFor(get(urlPathEqualTo("/api/traces")).willReturn(aResponse().withBody(TRACES)));
    Findings<TraceSummary> out = new Findings<>(5);
    source.collect(SourceTests.request(Map.of(), Set.of("checkout", "payments")), out);
    assertThat(out.items()).hasSize(1);
    assertThat(out.queries()).hasSize(2);
  }

  @Test
  void collect_errorEnvelopeAndMissingService() {
    jaeger.stubFor(
        get(urlPathEqualTo("/api/traces"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withBody(
                        "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":500,"
                            + "\"msg\":\"storage unavailable\"}]}")));
    assertThatThrownBy(
            () ->
                source.collect(
                    SourceTests.request(Map.of(), Set.of("checkout")), new Findings<>(5)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.getMessage())
                  .contains("storage unavailable")
                  .doesNotContain("jaeger-key");
            });
    Findings<TraceSummary> none = new Findings<>(5);
    source.collect(SourceTests.request(Map.of("job", "node"), Set.of()), none);
    assertThat(none.truncation()).contains("names no service");
  }

  @Test
  void collect_emptyAndMalformedAnswers() {
    jaeger.stubFor(
        get(urlPathEqualTo("/api/traces"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}")));
    Findings<TraceSummary> out = new Findings<>(5);
    source.collect(SourceTests.request(Map.of(), Set.of("checkout")), out);
    assertThat(out.items()).isEmpty();
    jaeger.stubFor(
        get(urlPathEqualTo("/api/traces")).willReturn(aResponse().withBody("{\"data\":{}}")));
    assertThatThrownBy(
            () ->
                source.collect(
                    SourceTests.request(Map.of(), Set.of("checkout")), new Findings<>(5)))
        .hasMessageContaining("data");
  }
}
