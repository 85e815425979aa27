package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.TimeWindow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an investigation asks every source: the window around one incident and what identifies
 * the affected thing.
 *
 * @param labels the identifying labels the incident's signals carry (service, namespace, job,
 *     instance, pod, …), one value each, most identifying first
 * @param services the services named by the incident's signals, for trace and log searches
 * @param alertExpressions the alerts' own queries (PromQL from Alertmanager's generatorURL, or
 *     the Datadog monitor query)
 * @param recorder receives every request sent and the answer, for bundles
 */
public record EvidenceRequest(
    long incidentId,
    TimeWindow window,
    Map<String, String> labels,
    Set<String> services,
    List<String> alertExpressions,
    EvidenceLimits limits,
    ExchangeRecorder recorder) {

  public EvidenceRequest {
    // Order matters: most identifying label first, the incident's own service first.
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    services = Collections.unmodifiableSet(new LinkedHashSet<>(services));
    alertExpressions = List.copyOf(alertExpressions);
  }
}
