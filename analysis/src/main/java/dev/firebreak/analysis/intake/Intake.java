package dev.firebreak.analysis.intake;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.IntakeLog;
import dev.firebreak.analysis.port.StoreRejectedException;
import dev.firebreak.analysis.port.StoreUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one intake every receiver hands its signals to. Submissions wait in a bounded queue; a
 * single writer commits whatever has gathered in one transaction (group commit), so one fsync
 * covers many requests, and completes each submission only after its commit. A full queue is
 * refused at once instead of growing memory: the receiver answers 503 and the sender retries.
 */
public final class Intake implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
  private static final long FAILURE_BACKOFF_MILLIS = 250;
  private static final long BUSY_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final IntakeLog log;
  private final int maxBatchSignals;
  private final Clock clock;
  private final CommitListener afterCommit;
  private final BlockingQueue<Submission> queue;
  private final RecentKeys recent;
  private final Thread writer;
  private volatile boolean running = true;
  private volatile long lastCommitNanos = System.nanoTime() - BUSY_WINDOW_NANOS;
  private volatile long lastSubmitNanos = System.nanoTime() - BUSY_WINDOW_NANOS;

  /** Why the latest commit failed while the store could not work; null after a success. */
  private volatile String storeFailure;

  /**
   * @param capacity how many submissions may wait for a commit
   * @param maxBatchSignals how many signals one transaction may hold
   * @param recentKeys how many committed dedup keys to remember, so that a redelivery of
   *     signals already on disk is answered without waiting for a commit (0 turns it off)
   * @param afterCommit told on the writer thread about each successful commit
   */
  public Intake(
      IntakeLog log,
      int capacity,
      int maxBatchSignals,
      int recentKeys,
      Clock clock,
      CommitListener afterCommit) {
    if (capacity < 1 || maxBatchSignals < 1) {
      throw new IllegalArgumentException("capacity and maxBatchSignals must be positive");
    }
    this.log = log;
    this.maxBatchSignals = maxBatchSignals;
    this.clock = clock;
    this.afterCommit = afterCommit;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.recent = new RecentKeys(recentKeys);
    this.writer = new Thread(this::run, "firebreak-intake-writer");
    this.writer.setDaemon(true);
  }

  /** Starts the writer; {@code onDeath} hears if it ever dies of something it did not catch. */
  public void start(Thread.UncaughtExceptionHandler onDeath) {
    writer.setUncaughtExceptionHandler(onDeath);
    writer.start();
  }

  public void start() {
    writer.start();
  }

  /**
   * Queues the signals for commit. The future completes when they are durable, or exceptionally
   * when the store failed to commit them.
   *
   * @throws IntakeFullException when the queue is full
   */
  public CompletableFuture<IntakeReceipt> submit(List<Signal> signals) {
    lastSubmitNanos = System.nanoTime();
    Submission submission = new Submission(List.copyOf(signals));
    if (signals.isEmpty()) {
      submission.future.complete(new IntakeReceipt(0, 0));
      return submission.future;
    }
    if (recent.containsAll(signals)) {
      // Every signal is known to be on disk already: Alertmanager's re-sends of unchanged
      // groups, PagerDuty's and Datadog's retries. Nothing to commit.
      submission.future.complete(new IntakeReceipt(0, signals.size()));
      return submission.future;
    }
    if (!running || !queue.offer(submission)) {
      throw new IntakeFullException(
          "intake queue is full (" + queue.size() + " submissions waiting for the store)");
    }
    return submission.future;
  }

  /** Submissions waiting for a commit. */
  public int queueDepth() {
    return queue.size();
  }

  /**
   * Whether webhooks are arriving: something waits for a commit, or a commit or a submission
   * (redeliveries answered without a commit included) happened within the last quarter second. Between two group commits the queue is often empty for a moment
   * even under full load, so the queue alone would say "idle" too often.
   */
  public boolean isBusy() {
    long now = System.nanoTime();
    return !queue.isEmpty()
        || now - lastCommitNanos < BUSY_WINDOW_NANOS
        || now - lastSubmitNanos < BUSY_WINDOW_NANOS;
  }

  private void run() {
    List<Submission> batch = new ArrayList<>();
    List<Signal> signals = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        signals.addAll(first.signals);
        Submission next;
        while (signals.size() < maxBatchSignals && (next = queue.poll()) != null) {
          batch.add(next);
          signals.addAll(next.signals);
        }
        commit(batch, signals);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
        signals.clear();
      }
    }
  }

  /**
   * Commits a group. When the store refuses the group's content (not when it is down), the
   * group is split in halves and each committed alone, down to the one submission at fault,
   * which alone is refused: one poisoned alert never fails the others that shared its commit.
   */
  private void commit(List<Submission> batch, List<Signal> signals) throws InterruptedException {
    List<Boolean> fresh;
    long started = System.nanoTime();
    try {
      fresh = log.append(signals, clock.instant());
    } catch (StoreUnavailableException e) {
      storeFailure = e.getMessage();
      LOG.warn("intake commit of {} signals failed: {}", signals.size(), e.toString());
      for (Submission submission : batch) {
        submission.future.completeExceptionally(e);
      }
      Thread.sleep(FAILURE_BACKOFF_MILLIS);
      return;
    } catch (RuntimeException e) {
      if (batch.size() > 1) {
        int half = batch.size() / 2;
        commitAlone(batch.subList(0, half));
        commitAlone(batch.subList(half, batch.size()));
        return;
      }
      StoreRejectedException refused =
          e instanceof StoreRejectedException rejected
              ? rejected
              : new StoreRejectedException("the store could not hold this submission", e);
      if (e instanceof StoreRejectedException) {
        LOG.warn("intake refused a submission of {} signals: {}", signals.size(), e.getMessage());
      } else {
        LOG.error("intake refused a submission of {} signals that failed alone", signals.size(), e);
      }
      batch.get(0).future.completeExceptionally(refused);
      return;
    }
    storeFailure = null;
    recent.addAll(signals);
    lastCommitNanos = System.nanoTime();
    int offset = 0;
    for (Submission submission : batch) {
      int accepted = 0;
      for (int i = 0; i < submission.signals.size(); i++) {
        if (fresh.get(offset + i)) {
          accepted++;
        }
      }
      offset += submission.signals.size();
      submission.future.complete(new IntakeReceipt(accepted, submission.signals.size() - accepted));
    }
    try {
      afterCommit.committed(batch.size(), signals.size(), System.nanoTime() - started);
    } catch (RuntimeException e) {
      LOG.warn("after-commit hook failed: {}", e.toString());
    }
  }

  private void commitAlone(List<Submission> part) throws InterruptedException {
    List<Signal> signals = new ArrayList<>();
    for (Submission submission : part) {
      signals.addAll(submission.signals);
    }
    commit(new ArrayList<>(part), signals);
  }

  /**
   * Not ok while the writer thread is dead or the last commit failed because the store could
   * not work; a submission the store refused for its content says nothing about the store.
   */
  public CheckResult check() {
    if (!writer.isAlive() && running) {
      return CheckResult.failed("the intake writer has stopped");
    }
    String failure = storeFailure;
    int depth = queue.size();
    if (failure != null) {
      return CheckResult.failed("the last commit failed: " + failure);
    }
    String waiting =
        depth + " of " + (depth + queue.remainingCapacity()) + " submissions waiting for a commit";
    if (queue.remainingCapacity() == 0) {
      return CheckResult.failed(waiting + ": the store is not keeping up");
    }
    return new CheckResult(true, waiting);
  }

  /** Whether the writer thread runs; a gateway whose writer died must not look alive. */
  public boolean isAlive() {
    return writer.isAlive();
  }

  /** Stops taking submissions and commits what is queued. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hears about every commit: for metrics and to wake the correlation worker. */
  @FunctionalInterface
  public interface CommitListener {
    void committed(int submissions, int signals, long nanos);
  }

  private static final class Submission {
    final List<Signal> signals;
    final CompletableFuture<IntakeReceipt> future = new CompletableFuture<>();

    Submission(List<Signal> signals) {
      this.signals = signals;
    }
  }
}
