package dev.firebreak.gateway.config;

import dev.firebreak.analysis.investigate.InvestigationSettings;
import dev.firebreak.integrations.elasticsearch.ElasticsearchSettings;
import dev.firebreak.integrations.http.EndpointSettings;
import dev.firebreak.integrations.loki.LokiSettings;
import dev.firebreak.integrations.prometheus.PrometheusSettings;
import java.util.Map;
import java.util.Optional;

/**
 * Where evidence comes from and how much of it. Every source is optional; with none, no
 * investigation is asked for.
 *
 * @param replayable the settings that shape an investigation and hold no secret, recorded in
 *     bundles so that a replay investigates the same way
 */
public record EvidenceConfig(
    InvestigationSettings investigation,
    Optional<PrometheusSettings> prometheus,
    Optional<LokiSettings> loki,
    Optional<ElasticsearchSettings> elasticsearch,
    Optional<EndpointSettings> jaeger,
    Optional<EndpointSettings> tempo,
    Optional<EndpointSettings> zipkin,
    Map<String, String> replayable) {

  public EvidenceConfig {
    replayable = Map.copyOf(replayable);
  }

  public boolean anySource() {
    return prometheus.isPresent()
        || loki.isPresent()
        || elasticsearch.isPresent()
        || jaeger.isPresent()
        || tempo.isPresent()
        || zipkin.isPresent();
  }
}
