package dev.firebreak.integrations.evidence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.EvidenceSourceException.Reason;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.integrations.loki.LokiLogSource;
import dev.firebreak.integrations.loki.LokiSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LokiLogSourceTest {

  private static final long START_NS = SourceTests.START.getEpochSecond() * 1_000_000_000L;
  private static final long END_NS = SourceTests.END.getEpochSecond() * 1_000_000_000L;
  private static final Map<String, String> LABELS =
      Map.of("service", "checkout", "namespace", "shop", "job", "checkout");

  private WireMockServer loki;
  private LokiLogSource source;

  @BeforeEach
  void start() {
    loki = SourceTests.server();
    source =
        new LokiLogSource(
            "loki",
            new LokiSettings(
                SourceTests.endpoint(loki)
                    .withBearerToken("loki-token")
                    .withHeader("X-Scope-OrgID", "team-a"),
                LokiSettings.DEFAULT_STREAM_LABELS,
                5000),
            SourceTests.CLIENT);
  }

  @AfterEach
  void stop() {
    loki.stop();
  }

  private static String streams(String... entries) {
    return """
        {"status":"success","data":{"resultType":"streams","result":[
          {"stream":{"service_name":"checkout","namespace":"shop"},"values":[%s]}],
         "stats":{"summary":{"bytesProcessedPerSecond":1024,"totalEntriesReturned":%d}}}}"""
        .formatted(String.join(",", entries), entries.length);
  }

  private static String entry(long offsetSeconds, String line) {
    return "[\""
        + (START_NS + offsetSeconds * 1_000_000_000L)
        + "\","
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(line)
        + "]";
  }

  @Test
  void collect_sendsErrorQueryFirstWithNanosecondWindowTenantAndAuth() {
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .withQueryParam("query", matching(".*\\|~.*"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        streams(
                            entry(
                                1500,
                                "level=error msg=\"charge failed\" err=\"connection"
                                    + " refused\"")))));
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .withQueryParam("query", equalTo("{service_name=\"checkout\",namespace=\"shop\"}"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        streams(
                            entry(1600, "level=info msg=\"request served\""),
                            entry(
                                1500,
                                "level=error msg=\"charge failed\" err=\"connection refused\"")))));

    Findings<LogLine> out = new Findings<>(100);
    source.collect(SourceTests.request(LABELS, Set.of("checkout")), out);

    assertThat(out.items()).extracting(LogLine::level).containsExactly("error", "info");
    assertThat(out.items().get(0).message()).contains("charge failed");
    assertThat(out.items().get(0).at()).isEqualTo(SourceTests.START.plusSeconds(1500));
    assertThat(out.items().get(0).labels()).containsEntry("service_name", "checkout");
    assertThat(out.truncation()).isEmpty();
    loki.verify(
        2,
        getRequestedFor(urlPathEqualTo("/loki/api/v1/query_range"))
            .withQueryParam("start", equalTo(Long.toString(START_NS)))
            .withQueryParam("end", equalTo(Long.toString(END_NS)))
            .withQueryParam("direction", equalTo("backward"))
            .withHeader("X-Scope-OrgID", equalTo("team-a"))
            .withHeader("Authorization", equalTo("Bearer loki-token")));
    loki.verify(
        getRequestedFor(urlPathEqualTo("/loki/api/v1/query_range"))
            .withQueryParam(
                "query",
                matching(
                    "\\{service_name=\"checkout\",namespace=\"shop\"\\}" + " \\|~ \".*ERROR.*\""))
            .withQueryParam("limit", equalTo("101")));
    loki.verify(
        getRequestedFor(urlPathEqualTo("/loki/api/v1/query_range"))
            .withQueryParam("query", equalTo("{service_name=\"checkout\",namespace=\"shop\"}"))
            .withQueryParam("limit", equalTo("100")));
  }

  @Test
  void collect_plainTextErrorBodyIsReportedAsLokiSentIt() {
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/plain; charset=utf-8")
                    .withBody(
                        "parse error at line 1, col 14: syntax error: unexpected IDENTIFIER\n")));

    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage())
                  .contains("parse error at line 1, col 14")
                  .doesNotContain("loki-token");
            });
  }

  @Test
  void collect_serverErrorAndDeadlineExceeded() {
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(aResponse().withStatus(504).withBody("context deadline exceeded")));
    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class, e -> assertThat(e.status()).isEqualTo(504));
  }

  @Test
  void collect_slowServerTimesOut() {
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(aResponse().withFixedDelay(4000).withBody(streams())));
    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
  }

  @Test
  void collect_emptyResultAddsNothing() {
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[]}}")));
    Findings<LogLine> out = new Findings<>(10);
    source.collect(SourceTests.request(LABELS, Set.of()), out);
    assertThat(out.items()).isEmpty();
    assertThat(out.queries()).hasSize(2);
  }

  @Test
  void collect_answerOverTheSizeLimitFails() {
    String big = entry(1, "x".repeat(4000));
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(aResponse().withBody(streams(big, big, big))));
    assertThatThrownBy(
            () ->
                source.collect(
                    SourceTests.request(
                        LABELS,
                        Set.of(),
                        List.of(),
                        SourceTests.limits(10, 10, 10, 4096),
                        new SourceTests.Recorded()),
                    new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  @Test
  void collect_moreLinesThanTheLimitAreCutAndSaidSo() {
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withBody(
                        streams(
                            entry(3, "level=error a"),
                            entry(2, "level=error b"),
                            entry(1, "level=error c")))));
    Findings<LogLine> out = new Findings<>(2);
    source.collect(SourceTests.request(LABELS, Set.of()), out);
    assertThat(out.items()).hasSize(2);
    assertThat(out.truncation()).isNotEmpty();
  }

  @Test
  void collect_malformedBodiesFailClearly() {
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(aResponse().withBody("<html>502 Bad Gateway</html>")));
    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
              assertThat(e.getMessage()).contains("not JSON").contains("502 Bad Gateway");
            });
    loki.stubFor(
        get(urlPathEqualTo("/loki/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")));
    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(10)))
        .hasMessageContaining("matrix");
  }

  @Test
  void collect_incidentWithoutStreamLabelsQueriesNothing() {
    Findings<LogLine> out = new Findings<>(10);
    source.collect(SourceTests.request(Map.of("instance", "10.0.0.1:9100"), Set.of()), out);
    assertThat(out.truncation()).contains("service");
    assertThat(loki.getAllServeEvents()).isEmpty();
  }
}
