package dev.firebreak.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;

/**
 * A Prometheus HTTP API as it answers for a service whose one series stepped from 0 to 1 in the
 * last ten minutes: enough for an investigation to store evidence and a diagnosis.
 */
final class PrometheusApiStub {

  private PrometheusApiStub() {}

  static void answerOneSeries(WireMockServer server) {
    long now = Instant.now().getEpochSecond();
    server.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                                + "[{\"metric\":{\"job\":\"checkout\"},\"values\":[[%d,\"0\"],"
                                + "[%d,\"1\"]]}]}}")
                            .formatted(now - 600, now))));
    server.stubFor(
        get(urlPathEqualTo("/api/v1/series"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"success\",\"data\":[]}")));
  }
}
