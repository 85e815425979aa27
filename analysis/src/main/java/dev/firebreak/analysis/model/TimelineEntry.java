package dev.firebreak.analysis.model;

import java.time.Instant;

/**
 * One thing that happened to an incident, at the time it really happened (the source's time for
 * signals, the clock for actions taken here).
 *
 * @param signalId the signal that caused it, or null
 */
public record TimelineEntry(Instant at, TimelineKind kind, String message, Long signalId) {}
