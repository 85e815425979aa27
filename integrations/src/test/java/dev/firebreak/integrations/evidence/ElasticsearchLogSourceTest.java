package dev.firebreak.integrations.evidence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.integrations.elasticsearch.ElasticsearchLogSource;
import dev.firebreak.integrations.elasticsearch.ElasticsearchSettings;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ElasticsearchLogSourceTest {

  private static final Map<String, String> LABELS = Map.of("service", "payments-api");

  private WireMockServer es;
  private ElasticsearchLogSource source;

  @BeforeEach
  void start() {
    es = SourceTests.server();
    source =
        new ElasticsearchLogSource(
            "elasticsearch",
            ElasticsearchSettings.of(
                SourceTests.endpoint(es).withBasicAuth("elastic", "es-password")),
            SourceTests.CLIENT);
  }

  @AfterEach
  void stop() {
    es.stop();
  }

  private static String hits(String total, String shards, String... sources) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < sources.length; i++) {
      list.append(i == 0 ? "" : ",")
          .append("{\"_index\":\".ds-logs-app-2026.03.01-000001\"," + "\"_id\":\"id")
          .append(i)
          .append("\",\"_score\":null,\"_source\":")
          .append(sources[i])
          .append(",\"sort\":[1772354000000]}");
    }
    return "{\"took\":12,\"timed_out\":false,\"_shards\":"
        + shards
        + ",\"hits\":{\"total\":"
        + total
        + ",\"max_score\":null,\"hits\":["
        + list
        + "]}}";
  }

  private static final String ALL_SHARDS =
      "{\"total\":3,\"successful\":3,\"skipped\":0,\"failed\":0}";

  @Test
  void collect_searchesErrorLevelsOfTheServiceInTheWindowFirst() {
    es.stubFor(
        post(urlEqualTo("/logs-*/_search"))
            .withRequestBody(matchingJsonPath("$.query.bool.filter[2].terms"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        hits(
                            "{\"value\":1,\"relation\":\"eq\"}",
                            ALL_SHARDS,
                            "{\"@timestamp\":\"2026-03-01T08:59:10.123Z\",\"log\":{\"level\":\"error\"},"
                                + "\"message\":\"upstream timeout calling ledger\","
                                + "\"service\":{\"name\":\"payments-api\"},\"trace\":{\"id\":\"4bf92f35\"}}"))));
    es.stubFor(
        post(urlEqualTo("/logs-*/_search"))
            .withRequestBody(matchingJsonPath("$.query.bool.must_not"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        hits(
                            "{\"value\":1,\"relation\":\"eq\"}",
                            ALL_SHARDS,
                            "{\"@timestamp\":\"2026-03-01T08:58:00Z\",\"log.level\":\"info\","
                                + "\"message\":\"ok\",\"service.name\":\"payments-api\"}"))));

    Findings<LogLine> out = new Findings<>(50);
    source.collect(SourceTests.request(LABELS, Set.of("payments-api")), out);

    assertThat(out.items())
        .extracting(LogLine::message)
        .containsExactly("upstream timeout calling ledger", "ok");
    assertThat(out.items().get(0).level()).isEqualTo("error");
    assertThat(out.items().get(0).labels())
        .containsEntry("trace.id", "4bf92f35")
        .containsEntry("service.name", "payments-api");
    assertThat(out.items().get(1).level()).isEqualTo("info");
    es.verify(
        postRequestedFor(urlEqualTo("/logs-*/_search"))
            .withHeader("Authorization", equalTo("Basic ZWxhc3RpYzplcy1wYXNzd29yZA=="))
            .withRequestBody(
                equalToJson(
                    """
            {"size":50,"track_total_hits":true,
             "sort":[{"@timestamp":{"order":"desc"}}],
             "query":{"bool":{"filter":[
               {"range":{"@timestamp":{"gte":"2026-03-01T08:30:00Z","lt":"2026-03-01T09:05:00Z",
                 "format":"strict_date_optional_time"}}},
               {"terms":{"service.name":["payments-api"]}},
               {"terms":{"log.level":["error","ERROR","fatal","FATAL","critical","CRITICAL"]}}]}}}
            """)));
  }

  @Test
  void collect_readsSixXTotalsAndReportsPartialShardFailures() {
    es.stubFor(
        post(urlEqualTo("/logs-*/_search"))
            .willReturn(
                aResponse()
                    .withBody(
                        hits(
                            "3",
                            "{\"total\":5,\"successful\":4,\"skipped\":0,\"failed\":1}",
                            "{\"@timestamp\":\"2026-03-01T08:59:10Z\",\"log.level\":\"error\",\"message\":\"a\"}"))));
    Findings<LogLine> out = new Findings<>(1);
    source.collect(SourceTests.request(LABELS, Set.of()), out);
    assertThat(out.items()).hasSize(1);
    assertThat(out.truncation()).contains("1 of 5 shards failed");
  }

  @Test
  void collect_errorEnvelopeBecomesTypedError() {
    es.stubFor(
        post(urlEqualTo("/logs-*/_search"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"error":{"root_cause":[{"type":"query_shard_exception","reason":"No mapping found
            for [@timestamp] in order to sort on"}],"type":"search_phase_execution_exception",
            "reason":"all shards failed"},"status":400}""")));
    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(5)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage())
                  .contains("all shards failed")
                  .doesNotContain("es-password");
            });
    es.stubFor(
        post(urlEqualTo("/logs-*/_search"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody("{\"error\":\"unavailable\",\"status\":503}")));
    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(5)))
        .hasMessageContaining("503");
  }

  @Test
  void collect_hitWithoutTimestampIsMalformed() {
    es.stubFor(
        post(urlEqualTo("/logs-*/_search"))
            .willReturn(aResponse().withBody(hits("1", ALL_SHARDS, "{\"message\":\"no time\"}"))));
    assertThatThrownBy(
            () -> source.collect(SourceTests.request(LABELS, Set.of()), new Findings<>(5)))
        .hasMessageContaining("@timestamp");
  }
}
