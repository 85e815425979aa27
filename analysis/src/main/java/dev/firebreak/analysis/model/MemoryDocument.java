package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One remembered incident, or a postmortem a team imported: what recall searches and what a
 * match shows.
 *
 * @param id {@code incident:42} for an incident, {@code postmortem:FILE} for an imported one
 * @param incidentId the incident, or null for an imported postmortem
 * @param text what is embedded and keyword-indexed
 * @param service the service it was about, or {@code ""}
 * @param cause the root cause's wire name, or {@code ""} when nobody knows it
 * @param resolution what resolved it, in words, or {@code ""} while nobody knows
 * @param postmortem where its postmortem is (an API path or a file name), or {@code ""}
 */
public record MemoryDocument(
    String id,
    Long incidentId,
    String title,
    String text,
    String service,
    String cause,
    String resolution,
    boolean resolved,
    Instant openedAt,
    Instant updatedAt,
    String postmortem) {

  public MemoryDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    title = title == null ? "" : title;
    text = text == null ? "" : text;
    service = service == null ? "" : service;
    cause = cause == null ? "" : cause;
    resolution = resolution == null ? "" : resolution;
    postmortem = postmortem == null ? "" : postmortem;
  }

  /** The memory id of an incident. */
  public static String incidentId(long incidentId) {
    return "incident:" + incidentId;
  }

  /** Whether what fixed it is known: such matches are worth most to the on-call engineer. */
  public boolean resolvedWithKnownFix() {
    return resolved && !resolution.isEmpty();
  }
}
