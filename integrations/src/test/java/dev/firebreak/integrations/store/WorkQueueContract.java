package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.port.WorkQueue;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The work queue: claimed once by kind and due time, leases taken over, retries with backoff, dead items shown. */
abstract class WorkQueueContract extends StoreContract {

  @Test
  void work_isClaimedOnceByKindAndDueTimeAndCompleted() {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "incident-1", T0.plusSeconds(10), "{\"channel\":\"ops\"}", 3);
    queue.enqueue("remediate", "incident-1/step-1", T0, "{}", 3);
    assertThat(queue.claim(Set.of("notify"), T0, LEASE)).isEmpty();
    assertThat(queue.dueCount("notify", T0.plusSeconds(10))).isEqualTo(1);
    WorkQueue.WorkClaim claim =
        queue.claim(Set.of("notify", "other"), T0.plusSeconds(10), LEASE).orElseThrow();
    assertThat(claim.subject()).isEqualTo("incident-1");
    assertThat(claim.payload()).isEqualTo("{\"channel\":\"ops\"}");
    assertThat(claim.attempt()).isEqualTo(1);
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(11), LEASE)).isEmpty();
    assertThat(queue.complete(claim)).isTrue();
    assertThat(queue.item("notify", "incident-1").orElseThrow().state()).isEqualTo("done");
    // Asked for again after it was done: pending again, attempts from zero.
    queue.enqueue("notify", "incident-1", T0.plusSeconds(20), "{}", 3);
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(20), LEASE).orElseThrow().attempt())
        .isEqualTo(1);
  }

  @Test
  void work_anExpiredLeaseIsTakenOverAndTheOldClaimCannotFinish() {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "s", T0, "{}", 5);
    WorkQueue.WorkClaim crashed = queue.claim(Set.of("notify"), T0, LEASE).orElseThrow();
    assertThat(queue.claim(Set.of("notify"), T0.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();
    WorkQueue.WorkClaim takeover =
        queue.claim(Set.of("notify"), T0.plus(LEASE).plusSeconds(1), LEASE).orElseThrow();
    assertThat(takeover.attempt()).isEqualTo(2);
    assertThat(queue.complete(crashed)).isFalse();
    assertThat(queue.fail(crashed, T0, "late")).isFalse();
    assertThat(queue.complete(takeover)).isTrue();
  }

  @Test
  void work_failuresRetryWithBackoffThenGoDeadAndShow() {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "s", T0, "{}", 2);
    WorkQueue.WorkClaim first = queue.claim(Set.of("notify"), T0, LEASE).orElseThrow();
    assertThat(queue.fail(first, T0.plusSeconds(30), "503 from Slack")).isTrue();
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(29), LEASE)).isEmpty();
    WorkQueue.WorkClaim second =
        queue.claim(Set.of("notify"), T0.plusSeconds(30), LEASE).orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(queue.fail(second, T0.plusSeconds(90), "503 again")).isTrue();
    assertThat(queue.claim(Set.of("notify"), T0.plusSeconds(3600), LEASE)).isEmpty();
    assertThat(queue.dead("notify", 10))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.subject()).isEqualTo("s");
              assertThat(item.attempts()).isEqualTo(2);
              assertThat(item.lastError()).isEqualTo("503 again");
            });
    // Enqueued again by a person or a later event: it lives again.
    queue.enqueue("notify", "s", T0.plusSeconds(4000), "{}", 2);
    assertThat(queue.dead("notify", 10)).isEmpty();
    assertThat(queue.item("notify", "s").orElseThrow().lastError()).isNull();
  }

  @Test
  void work_enqueueingAPendingItemKeepsItsEarlierDueTimeAndAttempts() throws Exception {
    WorkQueue queue = store.work();
    queue.enqueue("notify", "s", T0, "{\"v\":1}", 5);
    WorkQueue.WorkClaim first = queue.claim(Set.of("notify"), T0, LEASE).orElseThrow();
    queue.fail(first, T0.plusSeconds(60), "timeout");
    queue.enqueue("notify", "s", T0.plusSeconds(600), "{\"v\":2}", 5);
    store.close();
    store = reopen();
    WorkQueue.WorkClaim again =
        store.work().claim(Set.of("notify"), T0.plusSeconds(60), LEASE).orElseThrow();
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.payload()).isEqualTo("{\"v\":2}");
  }
}
