package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import java.util.Optional;

/** The read side of the incident store. */
public interface IncidentReader {

  Page<Incident> incidents(IncidentQuery query);

  Optional<IncidentDetail> incident(long id);

  /** Incidents not yet resolved. */
  long activeIncidentCount();

  /** Signals committed by intake and not yet correlated into incidents. */
  long pendingSignalCount();
}
