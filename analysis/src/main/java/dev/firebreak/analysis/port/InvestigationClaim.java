package dev.firebreak.analysis.port;

import java.time.Instant;

/**
 * The right to investigate one incident until {@code leaseUntil}. Completing or retrying with
 * a claim whose lease another worker has since taken over does nothing.
 *
 * @param run the number the evidence of this run gets, 1 for the first
 * @param attempt 1 for the first try of this run, counting retries
 */
public record InvestigationClaim(
    long incidentId, String token, int run, int attempt, Instant claimedAt, Instant leaseUntil) {}
