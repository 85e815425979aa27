package dev.firebreak.analysis.investigate;

import dev.firebreak.analysis.diagnose.Diagnoser;
import dev.firebreak.analysis.diagnose.RuleBook;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.IncidentChange;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.InvestigationClaim;
import dev.firebreak.analysis.port.Investigations;
import dev.firebreak.analysis.port.NextInvestigation;
import dev.firebreak.analysis.port.WorkQueue;
import dev.firebreak.analysis.work.WorkWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs investigations from the work queue (kind {@link Investigations#WORK_KIND}) in the
 * background, on the one worker loop every kind of queued work uses ({@link WorkWorker}): a
 * claimed investigation is run and its evidence stored; a run that fails outright is put back
 * with exponential backoff, or given up after the configured attempts; a claim left by a
 * crashed gateway is taken over when its lease ends.
 */
public final class InvestigationWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InvestigationWorker.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final IncidentStore store;
  private final Investigator investigator;
  private final Clock clock;
  private final InvestigationListener listener;
  private final Diagnoser diagnoser;
  private final WorkWorker worker;

  public InvestigationWorker(
      IncidentStore store, Investigator investigator, Clock clock, InvestigationListener listener) {
    this(store, investigator, new Diagnoser(RuleBook.defaults()), clock, listener);
  }

  /** @param diagnoser turns each run's evidence into a diagnosis stored with it */
  public InvestigationWorker(
      IncidentStore store,
      Investigator investigator,
      Diagnoser diagnoser,
      Clock clock,
      InvestigationListener listener) {
    this.diagnoser = diagnoser;
    this.store = store;
    this.investigator = investigator;
    this.clock = clock;
    this.listener = listener;
    this.worker =
        new WorkWorker(
            store.work(),
            Map.of(Investigations.WORK_KIND, this::handle),
            investigator.settings().workers(),
            investigator.settings().lease(),
            FIRST_BACKOFF,
            MAX_BACKOFF,
            clock);
  }

  /** Starts the workers; {@code onDeath} hears if one ever dies of something it did not catch. */
  public void start(Thread.UncaughtExceptionHandler onDeath) {
    worker.start(onDeath);
  }

  /** Whether every worker thread runs. */
  public boolean isAlive() {
    return worker.isAlive();
  }

  /** Tells the workers that an investigation may have become due. */
  public void wake() {
    worker.wake();
  }

  /** Runs the investigation a claim stands for; the store settles the item with its results. */
  private WorkWorker.Outcome handle(WorkQueue.WorkClaim work) {
    store.investigations().begin(work).ifPresent(this::run);
    return WorkWorker.Outcome.SETTLED;
  }

  /** Runs one claimed investigation and stores what it found, or puts it back. */
  private void run(InvestigationClaim claim) {
    Instant now = clock.instant();
    long started = System.nanoTime();
    try {
      Optional<IncidentDetail> detail = store.incidents().detail(claim.incidentId());
      if (detail.isEmpty()) {
        store.investigations().retry(claim, null, "the incident no longer exists");
        return;
      }
      Investigator.Outcome outcome = investigator.investigate(detail.get(), claim.run(), now);
      InvestigationSettings settings = investigator.settings();
      Instant finished = clock.instant();
      int runsLeft = settings.maxRuns() - claim.run();
      Optional<Diagnosis> diagnosis = diagnose(detail.get(), outcome.evidence().evidence());
      Instant notBefore = finished.plus(settings.rerunDelay());
      NextInvestigation next =
          new NextInvestigation(
              runsLeft,
              notBefore,
              runsLeft > 0
                  ? FollowUp.at(
                      outcome.evidence().evidence(), diagnosis, outcome.followUpAt(), notBefore)
                  : null);
      boolean stored =
          store.investigations().complete(claim, outcome.evidence(), next, diagnosis.orElse(null));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (stored) {
        diagnosis.ifPresent(found -> reassessSeverity(detail.get(), found));
        listener.completed(outcome.evidence().evidence(), tookMillis);
        LOG.info(
            "incident {}: evidence run {} stored in {} ms ({} series, {} log lines,"
                + " {} traces)",
            claim.incidentId(),
            claim.run(),
            tookMillis,
            outcome.evidence().evidence().metrics().size(),
            outcome.evidence().evidence().logs().size(),
            outcome.evidence().evidence().traces().size());
      } else {
        LOG.warn(
            "incident {}: investigation lease lost to another worker; result dropped",
            claim.incidentId());
      }
    } catch (RuntimeException e) {
      listener.failed(claim.incidentId(), e);
      Instant retryAt =
          claim.attempt() >= investigator.settings().maxAttempts()
              ? null
              : clock.instant().plus(backoff(claim.attempt()));
      LOG.warn(
          "incident {}: investigation attempt {} failed{}: {}",
          claim.incidentId(),
          claim.attempt(),
          retryAt == null ? ", giving up" : ", retrying at " + retryAt,
          e.toString());
      try {
        store.investigations().retry(claim, retryAt, e.toString());
      } catch (RuntimeException again) {
        // The lease will run out and another attempt will claim it.
        LOG.warn(
            "incident {}: could not record the failure: {}", claim.incidentId(), again.toString());
      }
    }
  }

  /**
   * Diagnoses the run's evidence, to be stored with it. A failure here is a bug, not a reason to
   * gather the evidence again: it is logged and the evidence is stored without a diagnosis.
   */
  private Optional<Diagnosis> diagnose(IncidentDetail detail, Evidence evidence) {
    try {
      return Optional.of(diagnoser.diagnose(detail.incident(), evidence, clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("incident {}: diagnosis failed: {}", detail.incident().id(), e.toString(), e);
      return Optional.empty();
    }
  }

  /** Raises the incident's severity when the diagnosis finds it worse than its alerts said. */
  private void reassessSeverity(IncidentDetail detail, Diagnosis diagnosis) {
    if (!diagnosis.severity().moreSevereThan(detail.incident().severity())) {
      return;
    }
    Hypothesis top = diagnosis.hypotheses().get(0);
    Instant at = clock.instant();
    try {
      store
          .incidents()
          .update(
              detail.incident().id(),
              incident ->
                  new IncidentChange(
                      incident.withSeverity(diagnosis.severity()),
                      new TimelineEntry(
                          at,
                          TimelineKind.SEVERITY_RAISED,
                          "severity re-assessed from "
                              + incident.severity().wireName()
                              + " to "
                              + diagnosis.severity().wireName()
                              + ": "
                              + top.cause().description()
                              + " ("
                              + Math.round(top.confidence() * 100)
                              + "% confidence)",
                          null)));
    } catch (RuntimeException e) {
      LOG.warn(
          "incident {}: could not raise its severity: {}", detail.incident().id(), e.toString());
    }
  }

  static Duration backoff(int attempt) {
    Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 16));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  @Override
  public void close() {
    worker.close();
  }
}
