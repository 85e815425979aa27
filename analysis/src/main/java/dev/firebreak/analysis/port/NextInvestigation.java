package dev.firebreak.analysis.port;

import java.time.Instant;

/**
 * What may follow a completed investigation.
 *
 * @param runsLeft how many more times new signals may trigger one
 * @param notBefore the earliest time another run may start
 * @param followUpAt when to run again without a new signal (the window reached past the time
 *     it ran), or null
 */
public record NextInvestigation(int runsLeft, Instant notBefore, Instant followUpAt) {}
