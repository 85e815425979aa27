package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Investigations, their evidence and the diagnoses drawn from it: a role of the store. Correlation asks for one when an incident opens or a
 * signal joins it; workers on any gateway sharing the store claim them with a lease, so an
 * incident is never investigated twice at once and a crashed worker's claim is taken over
 * when its lease ends.
 */
public interface Investigations {

  /** The work queue kind investigations lease through; the subject is the incident id. */
  String WORK_KIND = "investigation";

  /** Claims the investigation that has been due longest, if any is due at {@code now}. */
  Optional<InvestigationClaim> claim(Instant now, Duration lease);

  /**
   * Starts the run that a work queue claim of kind {@link #WORK_KIND} stands for: its run
   * number, and any re-run asked for until now counts as covered by it. Empty when the lease
   * was lost or the investigation is gone.
   */
  Optional<InvestigationClaim> begin(WorkQueue.WorkClaim work);

  /**
   * Stores the evidence of a claimed run and schedules what follows. Returns false, storing
   * nothing, when the claim's lease was lost to another worker.
   */
  default boolean complete(
      InvestigationClaim claim, StoredEvidence evidence, NextInvestigation next) {
    return complete(claim, evidence, next, null);
  }

  /**
   * The same, storing also the diagnosis of that evidence in the same transaction, so that
   * evidence and what was concluded from it are both there or neither is.
   *
   * @param diagnosis null when the run has none (diagnosing failed)
   */
  boolean complete(
      InvestigationClaim claim,
      StoredEvidence evidence,
      NextInvestigation next,
      Diagnosis diagnosis);

  /**
   * Puts a failed run back to be tried at {@code retryAt}, or gives up on it when
   * {@code retryAt} is null. The error is kept for the API.
   */
  void retry(InvestigationClaim claim, Instant retryAt, String error);

  /** The latest evidence of an incident, with its exchanges. */
  Optional<StoredEvidence> latestEvidence(long incidentId);

  /** The state of an incident's investigation, if one was ever asked for. */
  Optional<InvestigationStatus> status(long incidentId);

  /** Investigations due at {@code now} and not running. */
  long dueCount(Instant now);

  /** @see Evidence */
  default Optional<Evidence> evidence(long incidentId) {
    return latestEvidence(incidentId).map(StoredEvidence::evidence);
  }

  /** Stores (or replaces) the diagnosis of its incident's run. */
  void saveDiagnosis(Diagnosis diagnosis);

  /** The diagnosis of the incident's latest run, if any. */
  Optional<Diagnosis> latestDiagnosis(long incidentId);
}
