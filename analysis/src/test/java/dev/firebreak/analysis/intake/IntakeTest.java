package dev.firebreak.analysis.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.IntakeLog;
import dev.firebreak.analysis.port.StoreRejectedException;
import dev.firebreak.analysis.port.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class IntakeTest {

  /** An in-memory log that records each commit's size and can be held or made to fail. */
  static final class RecordingLog implements IntakeLog {
    final List<Integer> commits = new ArrayList<>();
    final Set<String> keys = new HashSet<>();
    final CountDownLatch hold = new CountDownLatch(1);

    /** Counted down when the writer is inside its first commit. */
    final CountDownLatch committing = new CountDownLatch(1);

    final AtomicBoolean failing = new AtomicBoolean();
    volatile boolean holding;

    @Override
    public synchronized List<Boolean> append(List<Signal> signals, Instant receivedAt) {
      committing.countDown();
      if (holding) {
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failing.get()) {
        throw new StoreUnavailableException("disk gone", null);
      }
      commits.add(signals.size());
      List<Boolean> fresh = new ArrayList<>();
      for (Signal signal : signals) {
        fresh.add(keys.add(signal.dedupKey()));
      }
      return fresh;
    }

    @Override
    public void recordRejected(RejectedDelivery rejected) {}
  }

  static Signal signal(String key) {
    return new Signal(
        Source.ALERTMANAGER,
        key,
        "g",
        "a",
        SignalStatus.FIRING,
        "firing",
        Severity.INFO,
        "",
        Map.of("alertname", "A"),
        Map.of(),
        Map.of(),
        Instant.EPOCH,
        null,
        0);
  }

  @Test
  void intake_groupsWaitingSubmissionsIntoOneCommit() throws Exception {
    RecordingLog log = new RecordingLog();
    log.holding = true;
    Intake intake = new Intake(log, 100, 1000, 0, Clock.systemUTC(), (a, b, c) -> {});
    intake.start();
    CompletableFuture<IntakeReceipt> first = intake.submit(List.of(signal("k0")));
    assertThat(log.committing.await(5, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<IntakeReceipt>> rest = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rest.add(intake.submit(List.of(signal("k" + i), signal("k0"))));
    }
    log.holding = false;
    log.hold.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new IntakeReceipt(1, 0));
    for (CompletableFuture<IntakeReceipt> future : rest) {
      assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(new IntakeReceipt(1, 1));
    }
    // the first commit took one submission; the ten that waited behind it shared one commit
    assertThat(log.commits).containsExactly(1, 20);
    intake.close();
  }

  @Test
  void intake_refusesWhenFullAndFailsEverySubmissionOfAFailedCommit() throws Exception {
    RecordingLog log = new RecordingLog();
    log.holding = true;
    Intake intake = new Intake(log, 2, 1000, 0, Clock.systemUTC(), (a, b, c) -> {});
    intake.start();
    CompletableFuture<IntakeReceipt> inCommit = intake.submit(List.of(signal("a")));
    assertThat(log.committing.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<IntakeReceipt> queued1 = intake.submit(List.of(signal("b")));
    CompletableFuture<IntakeReceipt> queued2 = intake.submit(List.of(signal("c")));
    assertThat(intake.queueDepth()).isEqualTo(2);
    assertThatThrownBy(() -> intake.submit(List.of(signal("d"))))
        .isInstanceOf(IntakeFullException.class)
        .hasMessageContaining("queue is full");
    log.failing.set(true);
    log.hold.countDown();
    for (CompletableFuture<IntakeReceipt> future : List.of(inCommit, queued1, queued2)) {
      assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(log.commits).isEmpty();
    intake.close();
  }

  @Test
  void intake_answersRedeliveryOfCommittedSignalsWithoutACommit() throws Exception {
    RecordingLog log = new RecordingLog();
    Intake intake = new Intake(log, 10, 1000, 100, Clock.systemUTC(), (a, b, c) -> {});
    intake.start();
    assertThat(intake.submit(List.of(signal("x"), signal("y"))).get(5, TimeUnit.SECONDS))
        .isEqualTo(new IntakeReceipt(2, 0));
    assertThat(intake.submit(List.of(signal("y"), signal("x"))).get(5, TimeUnit.SECONDS))
        .isEqualTo(new IntakeReceipt(0, 2));
    assertThat(log.commits).containsExactly(2);
    // one unknown key sends the whole submission to the store
    assertThat(intake.submit(List.of(signal("x"), signal("z"))).get(5, TimeUnit.SECONDS))
        .isEqualTo(new IntakeReceipt(1, 1));
    assertThat(log.commits).containsExactly(2, 2);
    intake.close();
  }

  @Test
  void intake_answersAnEmptySubmissionAtOnce() throws Exception {
    Intake intake = new Intake(new RecordingLog(), 1, 10, 0, Clock.systemUTC(), (a, b, c) -> {});
    assertThat(intake.submit(List.of()).get()).isEqualTo(new IntakeReceipt(0, 0));
  }

  /** Refuses any commit holding a signal whose key starts with "poison", as a store would. */
  static final class PoisonRefusingLog implements IntakeLog {
    final List<Integer> commits = new ArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean down;

    @Override
    public List<Boolean> append(List<Signal> signals, Instant receivedAt) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (down) {
        throw new StoreUnavailableException("connection refused", null);
      }
      if (signals.stream().anyMatch(signal -> signal.dedupKey().startsWith("poison"))) {
        throw new StoreRejectedException("invalid byte sequence", null);
      }
      synchronized (this) {
        commits.add(signals.size());
      }
      return signals.stream().map(signal -> true).toList();
    }

    @Override
    public void recordRejected(RejectedDelivery rejected) {}
  }

  @Test
  void intake_setsApartTheSubmissionsTheStoreRefusesAndCommitsTheRest() throws Exception {
    PoisonRefusingLog log = new PoisonRefusingLog();
    Intake intake = new Intake(log, 100, 1000, 0, Clock.systemUTC(), (a, b, c) -> {});
    intake.start();
    CompletableFuture<IntakeReceipt> first = intake.submit(List.of(signal("first")));
    assertThat(log.entered.await(5, TimeUnit.SECONDS)).isTrue();
    // While the writer is in its first commit, 30 clean and 3 poisoned submissions gather into
    // the next group commit.
    List<CompletableFuture<IntakeReceipt>> clean = new ArrayList<>();
    List<CompletableFuture<IntakeReceipt>> poisoned = new ArrayList<>();
    for (int i = 0; i < 33; i++) {
      if (i % 11 == 5) {
        poisoned.add(intake.submit(List.of(signal("poison-" + i), signal("with-" + i))));
      } else {
        clean.add(intake.submit(List.of(signal("clean-" + i), signal("also-" + i))));
      }
    }
    log.release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new IntakeReceipt(1, 0));
    for (CompletableFuture<IntakeReceipt> future : clean) {
      assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(new IntakeReceipt(2, 0));
    }
    for (CompletableFuture<IntakeReceipt> future : poisoned) {
      assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreRejectedException.class);
    }
    assertThat(log.commits.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1 + 60);
    assertThat(intake.check().ok()).as(intake.check().detail()).isTrue();
    intake.close();
  }

  @Test
  void intake_failsEverySubmissionWithoutSplittingWhileTheStoreIsDown() throws Exception {
    PoisonRefusingLog log = new PoisonRefusingLog();
    log.down = true;
    Intake intake = new Intake(log, 100, 1000, 0, Clock.systemUTC(), (a, b, c) -> {});
    intake.start();
    CompletableFuture<IntakeReceipt> first = intake.submit(List.of(signal("a")));
    assertThat(log.entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<IntakeReceipt> second = intake.submit(List.of(signal("b")));
    CompletableFuture<IntakeReceipt> third = intake.submit(List.of(signal("c")));
    log.release.countDown();
    for (CompletableFuture<IntakeReceipt> future : List.of(first, second, third)) {
      assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(intake.check().ok()).isFalse();
    assertThat(intake.check().detail()).contains("the last commit failed: connection refused");
    log.down = false;
    assertThat(intake.submit(List.of(signal("d"))).get(5, TimeUnit.SECONDS))
        .isEqualTo(new IntakeReceipt(1, 0));
    assertThat(intake.check().ok()).isTrue();
    intake.close();
  }
}
