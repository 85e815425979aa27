package dev.firebreak.analysis.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable work, one item per (kind, subject): "run remediation step 3 of incident 42", "deliver
 * notification 17". Workers on any gateway sharing the store claim due items with a lease; an
 * item whose lease ran out (a crashed worker) is claimable again; a failed item is retried with
 * backoff and, after its last attempt, set aside as dead, where the API and metrics show it.
 */
public interface WorkQueue {

  /**
   * Asks for work on a subject. A pending item stays pending and becomes due at the earlier of
   * the two times, with the new payload; a done or dead item becomes pending again with its
   * attempts reset.
   */
  void enqueue(String kind, String subject, Instant dueAt, String payload, int maxAttempts);

  /** Claims the item of one of {@code kinds} that has been due longest, if any is due. */
  Optional<WorkClaim> claim(Set<String> kinds, Instant now, Duration lease);

  /** Marks a claimed item done; false, changing nothing, when its lease was lost. */
  boolean complete(WorkClaim claim);

  /**
   * Records a failed attempt: the item is due again at {@code retryAt}, or dead when it has
   * used its attempts or {@code retryAt} is null. False when the lease was lost.
   */
  boolean fail(WorkClaim claim, Instant retryAt, String error);

  /** Items of {@code kind} due at {@code now} and not leased. */
  long dueCount(String kind, Instant now);

  /** How many items of {@code kind} are dead. */
  long deadCount(String kind);

  /** Items of {@code kind} that used their attempts, newest first. */
  List<WorkItem> dead(String kind, int limit);

  /** One item, as the API shows it. */
  Optional<WorkItem> item(String kind, String subject);

  /** A claimed item: who holds it (the token) and until when. */
  record WorkClaim(
      String kind,
      String subject,
      String token,
      int attempt,
      int maxAttempts,
      String payload,
      Instant claimedAt,
      Instant leaseUntil) {}

  /** An item's state: {@code pending}, {@code done} or {@code dead}. */
  record WorkItem(
      String kind,
      String subject,
      String state,
      Instant dueAt,
      int attempts,
      int maxAttempts,
      String lastError,
      String payload,
      Instant updatedAt) {}
}
