package dev.firebreak.analysis.model;

import java.time.Instant;

/**
 * One written version of an incident's postmortem.
 *
 * @param version 1 for the first, counting up each time the incident changed after resolving
 * @param file the name of the file it was written to in the postmortem directory, or {@code ""}
 *     when it was not written to disk
 * @param sha256 of the Markdown as written, to tell whether a person has edited the file since
 */
public record Postmortem(
    long incidentId, int version, Instant writtenAt, String markdown, String file, String sha256) {}
