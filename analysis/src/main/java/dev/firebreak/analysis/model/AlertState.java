package dev.firebreak.analysis.model;

import java.time.Instant;

/** The last known state of one alert within an incident; an incident resolves when none fire. */
public record AlertState(
    Source source, String alertKey, SignalStatus status, Instant startsAt, Instant updatedAt) {}
