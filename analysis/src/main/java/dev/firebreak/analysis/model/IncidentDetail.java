package dev.firebreak.analysis.model;

import java.util.List;

/** An incident with everything recorded about it, oldest first. */
public record IncidentDetail(
    Incident incident, List<StoredSignal> signals, List<TimelineEntry> timeline) {

  public IncidentDetail {
    signals = List.copyOf(signals);
    timeline = List.copyOf(timeline);
  }
}
