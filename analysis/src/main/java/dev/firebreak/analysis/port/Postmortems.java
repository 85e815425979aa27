package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Postmortem;
import java.util.List;
import java.util.Optional;

/** The postmortems written for incidents, every version kept. */
public interface Postmortems {

  /** Stores a new version; its number must be one more than the latest's. */
  void save(Postmortem postmortem);

  Optional<Postmortem> latest(long incidentId);

  /** Every version, oldest first. */
  List<Postmortem> versions(long incidentId);
}
