package dev.firebreak.analysis.model;

import java.util.List;
import java.util.Map;

/**
 * One time series of the evidence.
 *
 * @param id the evidence id diagnoses cite, such as {@code metric:3}
 * @param origin why it was fetched: {@code alert} (the alert's own expression), {@code query}
 *     (a configured per-service query) or {@code discovered} (shares the incident's labels)
 * @param query the exact query that produced it
 * @param name the metric name, or the configured query's name
 * @param labels its labels
 * @param samples oldest first
 */
public record MetricSeries(
    String id,
    String origin,
    String query,
    String name,
    Map<String, String> labels,
    List<Sample> samples) {

  public MetricSeries {
    labels = Map.copyOf(labels);
    samples = List.copyOf(samples);
  }

  public MetricSeries withId(String newId) {
    return new MetricSeries(newId, origin, query, name, labels, samples);
  }
}
