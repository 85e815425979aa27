package dev.firebreak.analysis.model;

import java.time.Instant;

/**
 * A metric that moved: when it left its baseline (onset) and how far.
 *
 * @param evidenceId the series, such as {@code metric:3}
 * @param score the highest anomaly score it reached after the baseline
 * @param share its share of the incident's anomaly at the peak (attribution)
 */
public record MetricAnomaly(
    String evidenceId,
    String name,
    Instant onset,
    double score,
    double share,
    double baselineMean,
    double peak) {}
