package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Diagnosis;
import java.util.Optional;

/** Where diagnoses are kept, one per investigation run. */
public interface DiagnosisStore {

  /** Stores (or replaces) the diagnosis of its incident's run. */
  void saveDiagnosis(Diagnosis diagnosis);

  /** The diagnosis of the incident's latest run, if any. */
  Optional<Diagnosis> latestDiagnosis(long incidentId);
}
