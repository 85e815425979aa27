package dev.firebreak.gateway.replay;

import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.RecordedExchange;
import dev.firebreak.analysis.model.StoredSignal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A recorded incident: the signals Firebreak had received when it investigated, every request
 * the investigation sent to a source with the answer, the settings that shaped it (no
 * secrets, no URLs) and the evidence it produced. {@code firebreak replay} runs it through
 * the whole pipeline again, offline.
 *
 * @param format {@value #FORMAT}
 * @param incident the incident as it stood at export, for reference
 * @param sources the evidence sources configured, by name ({@code prometheus}, {@code loki}, …)
 * @param settings the {@code FIREBREAK_*} settings that shape correlation and investigation
 * @param prometheusQueries the configured per-service queries, inlined
 * @param evidence what the recorded run found
 * @param exchanges what the recorded run asked and was answered
 */
public record Bundle(
    String format,
    Instant exportedAt,
    Incident incident,
    List<StoredSignal> signals,
    List<String> sources,
    Map<String, String> settings,
    Map<String, String> prometheusQueries,
    Evidence evidence,
    List<RecordedExchange> exchanges) {

  public static final String FORMAT = "firebreak-bundle/1";

  public Bundle {
    signals = List.copyOf(signals);
    sources = List.copyOf(sources);
    settings = Map.copyOf(settings);
    prometheusQueries = Map.copyOf(prometheusQueries);
    exchanges = List.copyOf(exchanges);
  }
}
