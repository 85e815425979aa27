package dev.firebreak.analysis.port;

import java.time.Instant;

/**
 * Where an incident's investigation stands.
 *
 * @param state {@code pending} (due at {@code dueAt}, possibly running), {@code done} or
 *     {@code failed} (gave up after retries; {@code lastError} says why)
 * @param runs completed runs
 */
public record InvestigationStatus(
    String state, Instant dueAt, int runs, int attempts, String lastError) {}
