package dev.firebreak.integrations.evidence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.port.EvidenceLimits;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.EvidenceSourceException.Reason;
import dev.firebreak.analysis.port.Findings;
import dev.firebreak.integrations.prometheus.PrometheusMetricSource;
import dev.firebreak.integrations.prometheus.PrometheusSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusMetricSourceTest {

  private WireMockServer prometheus;

  @BeforeEach
  void start() {
    prometheus = SourceTests.server();
  }

  @AfterEach
  void stop() {
    prometheus.stop();
  }

  private PrometheusMetricSource source(Map<String, String> queries, boolean discover) {
    return new PrometheusMetricSource(
        "prometheus",
        new PrometheusSettings(
            SourceTests.endpoint(prometheus).withBearerToken("prom-token"),
            queries,
            discover,
            40,
            Duration.ofMinutes(1)),
        SourceTests.CLIENT);
  }

  private static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", "checkout");
    labels.put("job", "checkout");
    labels.put("instance", "10.0.0.7:8080");
    return labels;
  }

  private void answer(MappingBuilder request, String captured) {
    prometheus.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(Captured.status(captured))
                .withHeader("Content-Type", "application/json")
                .withBody(Captured.response(captured))));
  }

  @Test
  void collect_queriesTheAlertsMeasuredSideOverTheWindowWithAStepWithinThePointLimit() {
    answer(get(urlPathEqualTo("/api/v1/query_range")), "prometheus-query-range-matrix.json");
    Findings<MetricSeries> out = new Findings<>(10);
    source(Map.of(), false)
        .collect(
            SourceTests.request(
                labels(),
                Set.of("checkout"),
                List.of(
                    "sum by (service) (rate(http_requests_total{code=~\"5..\"}[1m]))"
                        + " / sum by (service) (rate(http_requests_total[1m])) > 0.05"),
                EvidenceLimits.defaults(),
                new SourceTests.Recorded()),
            out);

    MetricSeries series = out.items().get(0);
    assertThat(series.origin()).isEqualTo("alert");
    assertThat(series.labels()).containsEntry("job", "prometheus");
    assertThat(series.samples()).isNotEmpty();
    assertThat(series.samples().get(0).at().getEpochSecond()).isEqualTo(1795258670L);
    assertThat(series.samples().get(0).value()).isEqualTo(0.5016722408026756);
    // 35 minutes in at most 360 points: a 6 s step.
    prometheus.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/query_range"))
            .withQueryParam(
                "query",
                equalTo(
                    "sum by (service) (rate(http_requests_total"
                        + "{code=~\"5..\"}[1m])) / sum by (service) (rate(http_requests_total[1m]))"))
            .withQueryParam("start", equalTo(Long.toString(SourceTests.START.getEpochSecond())))
            .withQueryParam("end", equalTo(Long.toString(SourceTests.END.getEpochSecond())))
            .withQueryParam("step", equalTo("6"))
            .withHeader("Authorization", equalTo("Bearer prom-token")));
  }

  @Test
  void collect_fillsConfiguredQueriesAndSkipsThoseNamingUnknownLabels() {
    answer(get(urlPathEqualTo("/api/v1/query_range")), "prometheus-query-range-matrix.json");
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("errors", "sum(rate(http_server_requests_seconds_count{{selector}}[{{window}}]))");
    queries.put("pod_memory", "container_memory_working_set_bytes{pod=\"{{pod}}\"}");
    Findings<MetricSeries> out = new Findings<>(10);
    source(queries, false).collect(SourceTests.request(labels(), Set.of()), out);
    assertThat(out.queries())
        .containsExactly(
            "sum(rate(http_server_requests_seconds_count"
                + "{service=\"checkout\",job=\"checkout\",instance=\"10.0.0.7:8080\"}[1m]))");
    assertThat(out.items()).allSatisfy(series -> assertThat(series.origin()).isEqualTo("query"));
  }

  @Test
  void collect_discoversSeriesSharingTheIncidentsLabelsNarrowestFirst() {
    // Nothing has all three labels; service+job matches.
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/series"))
            .withQueryParam(
                "match[]",
                equalTo("{service=\"checkout\",job=\"checkout\"," + "instance=\"10.0.0.7:8080\"}"))
            .willReturn(aResponse().withBody("{\"status\":\"success\",\"data\":[]}")));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/series"))
            .withQueryParam("match[]", equalTo("{service=\"checkout\",job=\"checkout\"}"))
            .willReturn(
                aResponse()
                    .withBody(
                        """
            {"status":"success","data":[
              {"__name__":"http_requests_total","service":"checkout","job":"checkout","code":"200"},
              {"__name__":"http_requests_total","service":"checkout","job":"checkout","code":"500"},
              {"__name__":"http_request_duration_seconds_bucket","service":"checkout","le":"0.1"},
              {"__name__":"http_request_duration_seconds_sum","service":"checkout"},
              {"__name__":"http_request_duration_seconds_count","service":"checkout"},
              {"__name__":"process_resident_memory_bytes","service":"checkout"},
              {"__name__":"ALERTS","service":"checkout","alertname":"HighErrorRate"}]}""")));
    answer(get(urlPathEqualTo("/api/v1/query_range")), "prometheus-query-range-matrix.json");

    Findings<MetricSeries> out = new Findings<>(20);
    source(Map.of(), true).collect(SourceTests.request(labels(), Set.of()), out);

    String sel = "{service=\"checkout\",job=\"checkout\"}";
    assertThat(out.queries())
        .containsExactly(
            "series {service=\"checkout\",job=\"checkout\",instance=\"10.0.0.7:8080\"}",
            "series " + sel,
            "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket"
                + sel
                + "[1m])))",
            "rate(http_request_duration_seconds_count" + sel + "[1m])",
            "rate(http_requests_total" + sel + "[1m])",
            "process_resident_memory_bytes" + sel);
    assertThat(out.items())
        .allSatisfy(series -> assertThat(series.origin()).isEqualTo("discovered"));
  }

  @Test
  void collect_aFailingQueryKeepsTheOthersAndSaysSo() {
    answer(
        get(urlPathEqualTo("/api/v1/query_range")).withQueryParam("query", equalTo("broken(")),
        "prometheus-error-parse.json");
    answer(
        get(urlPathEqualTo("/api/v1/query_range")).withQueryParam("query", equalTo("up")),
        "prometheus-query-range-matrix.json");
    Findings<MetricSeries> out = new Findings<>(10);
    source(Map.of(), false)
        .collect(
            SourceTests.request(
                labels(),
                Set.of(),
                List.of("broken(", "up"),
                EvidenceLimits.defaults(),
                new SourceTests.Recorded()),
            out);
    assertThat(out.items()).isNotEmpty();
    assertThat(out.truncation()).contains("HTTP 400").contains("unclosed left parenthesis");
  }

  @Test
  void collect_capturedErrorsBecomeTypedErrors() {
    answer(get(urlPathEqualTo("/api/v1/query_range")), "prometheus-error-timeout.json");
    assertThatThrownBy(
            () ->
                source(Map.of(), false)
                    .collect(
                        SourceTests.request(
                            labels(),
                            Set.of(),
                            List.of("up"),
                            EvidenceLimits.defaults(),
                            new SourceTests.Recorded()),
                        new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.getMessage())
                  .contains("context deadline exceeded")
                  .doesNotContain("prom-token");
            });
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .willReturn(
                aResponse().withStatus(502).withBody("<html><body>Bad Gateway</body></html>")));
    assertThatThrownBy(
            () ->
                source(Map.of(), false)
                    .collect(
                        SourceTests.request(
                            labels(),
                            Set.of(),
                            List.of("up"),
                            EvidenceLimits.defaults(),
                            new SourceTests.Recorded()),
                        new Findings<>(10)))
        .hasMessageContaining("Bad Gateway");
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                            + "[{\"metric\":{},\"values\":[[1,\"NaN\"],[2,\"+Inf\"],[3]]}]}}")));
    assertThatThrownBy(
            () ->
                source(Map.of(), false)
                    .collect(
                        SourceTests.request(
                            labels(),
                            Set.of(),
                            List.of("up"),
                            EvidenceLimits.defaults(),
                            new SourceTests.Recorded()),
                        new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void collect_unreachableServerIsReportedWithoutCredentials() {
    int port = prometheus.port();
    PrometheusMetricSource down = source(Map.of(), false);
    prometheus.stop();
    assertThatThrownBy(
            () ->
                down.collect(
                    SourceTests.request(
                        labels(),
                        Set.of(),
                        List.of("up"),
                        EvidenceLimits.defaults(),
                        new SourceTests.Recorded()),
                    new Findings<>(10)))
        .isInstanceOfSatisfying(
            EvidenceSourceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
              assertThat(e.getMessage()).contains(":" + port).doesNotContain("prom-token");
            });
    assertThat(down.check().ok()).isFalse();
  }

  @Test
  void collect_recordsEveryExchangeWithoutHeaders() {
    answer(get(urlPathEqualTo("/api/v1/query_range")), "prometheus-query-range-matrix.json");
    SourceTests.Recorded recorded = new SourceTests.Recorded();
    source(Map.of(), false)
        .collect(
            SourceTests.request(
                labels(), Set.of(), List.of("up"), EvidenceLimits.defaults(), recorded),
            new Findings<>(10));
    assertThat(recorded.exchanges)
        .singleElement()
        .satisfies(
            exchange -> {
              assertThat(exchange.source()).isEqualTo("prometheus");
              assertThat(exchange.target()).startsWith("api/v1/query_range?query=up&start=");
              assertThat(exchange.status()).isEqualTo(200);
              assertThat(exchange.body()).contains("\"resultType\":\"matrix\"");
              assertThat(exchange.toString()).doesNotContain("prom-token");
            });
  }
}
