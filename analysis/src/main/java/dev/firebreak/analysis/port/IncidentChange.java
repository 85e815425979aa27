package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.TimelineEntry;

/** An incident's new state and the timeline entry that records the change. */
public record IncidentChange(Incident incident, TimelineEntry entry) {}
