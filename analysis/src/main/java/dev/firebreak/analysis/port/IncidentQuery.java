package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import java.time.Instant;

/**
 * A filter over incidents, newest first. Null fields do not filter.
 *
 * @param openedFrom incidents opened at or after this time
 * @param openedTo incidents opened before this time
 * @param beforeId the cursor: only incidents with a smaller id (the last id of the previous page)
 */
public record IncidentQuery(
    IncidentStatus status,
    Severity severity,
    String service,
    Source source,
    Instant openedFrom,
    Instant openedTo,
    Long beforeId,
    int limit) {

  public static final int MAX_LIMIT = 500;

  public IncidentQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  public static IncidentQuery all(int limit) {
    return new IncidentQuery(null, null, null, null, null, null, null, limit);
  }
}
