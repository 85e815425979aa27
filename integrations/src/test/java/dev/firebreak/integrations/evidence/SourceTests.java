package dev.firebreak.integrations.evidence;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.firebreak.analysis.model.RecordedExchange;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.port.EvidenceLimits;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.integrations.http.EndpointSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/** The object mother of evidence source tests: a window, a request, a WireMock server. */
final class SourceTests {

  /** 2026-03-01T08:30:00Z to 09:05:00Z. */
  static final Instant START = Instant.parse("2026-03-01T08:30:00Z");

  static final Instant END = Instant.parse("2026-03-01T09:05:00Z");
  static final OkHttpClient CLIENT = new OkHttpClient();

  private SourceTests() {}

  static WireMockServer server() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return server;
  }

  static EndpointSettings endpoint(WireMockServer server) {
    return EndpointSettings.of(server.baseUrl(), Duration.ofSeconds(2));
  }

  static final class Recorded {
    final List<RecordedExchange> exchanges = Collections.synchronizedList(new ArrayList<>());
  }

  static EvidenceRequest request(
      Map<String, String> labels,
      Set<String> services,
      List<String> expressions,
      EvidenceLimits limits,
      Recorded recorded) {
    return new EvidenceRequest(
        7,
        new TimeWindow(START, END),
        labels,
        services,
        expressions,
        limits,
        recorded.exchanges::add);
  }

  static EvidenceRequest request(Map<String, String> labels, Set<String> services) {
    return request(labels, services, List.of(), EvidenceLimits.defaults(), new Recorded());
  }

  static EvidenceLimits limits(int series, int lines, int traces, long bytes) {
    return new EvidenceLimits(series, 360, lines, traces, bytes);
  }
}
