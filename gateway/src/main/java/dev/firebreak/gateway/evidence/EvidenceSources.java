package dev.firebreak.gateway.evidence;

import dev.firebreak.analysis.port.EvidenceSource;
import dev.firebreak.gateway.config.EvidenceConfig;
import dev.firebreak.integrations.elasticsearch.ElasticsearchLogSource;
import dev.firebreak.integrations.jaeger.JaegerTraceSource;
import dev.firebreak.integrations.loki.LokiLogSource;
import dev.firebreak.integrations.prometheus.PrometheusMetricSource;
import dev.firebreak.integrations.tempo.TempoTraceSource;
import dev.firebreak.integrations.zipkin.ZipkinTraceSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** Builds the configured evidence sources on one shared HTTP client. */
public final class EvidenceSources {

  private EvidenceSources() {}

  /**
   * The gateway's one OkHttp client. Sources derive per-endpoint timeouts from it and share
   * its connection pool; redirects are not followed so credentials never leave the configured
   * host.
   */
  public static OkHttpClient sharedClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(5))
        .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(true)
        .build();
  }

  /** Metric sources first, then logs, then traces: the order evidence is reported in. */
  public static List<EvidenceSource> build(EvidenceConfig config, OkHttpClient client) {
    List<EvidenceSource> sources = new ArrayList<>();
    config
        .prometheus()
        .ifPresent(
            settings -> sources.add(new PrometheusMetricSource("prometheus", settings, client)));
    config.loki().ifPresent(settings -> sources.add(new LokiLogSource("loki", settings, client)));
    config
        .elasticsearch()
        .ifPresent(
            settings -> sources.add(new ElasticsearchLogSource("elasticsearch", settings, client)));
    config
        .jaeger()
        .ifPresent(endpoint -> sources.add(new JaegerTraceSource("jaeger", endpoint, client)));
    config
        .tempo()
        .ifPresent(endpoint -> sources.add(new TempoTraceSource("tempo", endpoint, client)));
    config
        .zipkin()
        .ifPresent(endpoint -> sources.add(new ZipkinTraceSource("zipkin", endpoint, client)));
    return sources;
  }
}
