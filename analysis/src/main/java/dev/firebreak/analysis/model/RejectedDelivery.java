package dev.firebreak.analysis.model;

import java.time.Instant;

/**
 * A webhook body that was refused with a 4xx. Kept once per distinct body because Alertmanager
 * re-sends a refused payload at every group interval; the repeats are only counted.
 *
 * @param bodySha256 hex digest of the raw body, never the body itself
 */
public record RejectedDelivery(
    Source source, String bodySha256, int status, String reason, Instant at) {}
