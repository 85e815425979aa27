package dev.firebreak.analysis.model;

import java.time.Instant;

/** One value of a metric series at one moment; NaN and infinities are kept as they came. */
public record Sample(Instant at, double value) {}
