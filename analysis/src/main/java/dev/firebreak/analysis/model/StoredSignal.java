package dev.firebreak.analysis.model;

import java.time.Instant;

/** A signal as the store holds it: its row id, when it was received, its incident if any. */
public record StoredSignal(long id, Instant receivedAt, Signal signal, Long incidentId) {}
