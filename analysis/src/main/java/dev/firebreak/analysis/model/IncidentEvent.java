package dev.firebreak.analysis.model;

import java.time.Instant;

/**
 * One change of an incident, recorded in the transaction that made it.
 *
 * @param id the event's place in the stream: events commit in id order
 * @param at when the change happened at its source
 * @param recordedAt when Firebreak committed it
 * @param detail what a person would read ("acknowledged in pagerduty by Carol")
 * @param signalId the signal behind it, when there is one
 * @param run the investigation run, for investigated and diagnosed events
 */
public record IncidentEvent(
    long id,
    long incidentId,
    IncidentEventKind kind,
    Instant at,
    Instant recordedAt,
    String detail,
    Long signalId,
    Integer run) {}
