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
import dev.firebreak.analysis.port.NextInvestigation;
import dev.firebreak.analysis.work.Wakeups;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the store's investigation queue in the background. Each thread claims a due
 * investigation, runs it and stores the evidence; a run that fails outright is put back with
 * exponential backoff, and a claim left by a crashed gateway is taken over when its lease
 * ends. Polls as well as being woken, because other gateways may share the store.
 */
public final class InvestigationWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InvestigationWorker.class);
  private static final long POLL_MILLIS = 1000;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final IncidentStore store;
  private final Investigator investigator;
  private final Clock clock;
  private final InvestigationListener listener;
  private final Diagnoser diagnoser;
  private final List<Thread> threads = new ArrayList<>();
  private final Wakeups wakeups = new Wakeups();
  private volatile boolean running = true;

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
    for (int i = 0; i < investigator.settings().workers(); i++) {
      Thread thread = new Thread(this::run, "firebreak-investigation-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  /** Starts the workers; {@code onDeath} hears if one ever dies of something it did not catch. */
  public void start(Thread.UncaughtExceptionHandler onDeath) {
    threads.forEach(thread -> thread.setUncaughtExceptionHandler(onDeath));
    start();
  }

  /** Whether every worker thread runs. */
  public boolean isAlive() {
    return threads.stream().allMatch(Thread::isAlive);
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  /** Tells the workers that an investigation may have become due. */
  public void wake() {
    wakeups.wake();
  }

  private void run() {
    while (running) {
      long seen = wakeups.seen();
      boolean worked;
      try {
        worked = runOne();
      } catch (RuntimeException e) {
        // The store is unreachable or a bug: wait and try again rather than spin.
        LOG.warn("investigation queue unavailable: {}", e.toString());
        worked = false;
      }
      if (!worked) {
        try {
          wakeups.await(seen, POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Claims and runs one due investigation; false when none was due. */
  boolean runOne() {
    Instant now = clock.instant();
    Optional<InvestigationClaim> claimed =
        store.claimInvestigation(now, investigator.settings().lease());
    if (claimed.isEmpty()) {
      return false;
    }
    InvestigationClaim claim = claimed.get();
    long started = System.nanoTime();
    try {
      Optional<IncidentDetail> detail = store.incident(claim.incidentId());
      if (detail.isEmpty()) {
        store.retryInvestigation(claim, null, "the incident no longer exists");
        return true;
      }
      Investigator.Outcome outcome = investigator.investigate(detail.get(), claim.run(), now);
      InvestigationSettings settings = investigator.settings();
      Instant finished = clock.instant();
      int runsLeft = settings.maxRuns() - claim.run();
      NextInvestigation next =
          new NextInvestigation(
              runsLeft,
              finished.plus(settings.rerunDelay()),
              runsLeft > 0 ? outcome.followUpAt() : null);
      Optional<Diagnosis> diagnosis = diagnose(detail.get(), outcome.evidence().evidence());
      boolean stored =
          store.completeInvestigation(claim, outcome.evidence(), next, diagnosis.orElse(null));
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
        store.retryInvestigation(claim, retryAt, e.toString());
      } catch (RuntimeException again) {
        // The lease will run out and another attempt will claim it.
        LOG.warn(
            "incident {}: could not record the failure: {}", claim.incidentId(), again.toString());
      }
    }
    return true;
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
      store.update(
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
    running = false;
    wakeups.close();
    for (Thread thread : threads) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
