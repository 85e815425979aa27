package dev.firebreak.integrations.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's CRUD mock server with what it lacks for remediation tests: a {@code dryRun=All}
 * write answers as the real API server does (the object as it would be) and changes nothing;
 * and every request is kept, so that a test can count the writes that really happened.
 */
public final class DryRunCrudDispatcher extends KubernetesCrudDispatcher {

  /** The mock server logs every request at INFO; kept here so the setting is not collected. */
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile java.util.concurrent.CountDownLatch heldWrites;
  private volatile java.util.concurrent.CountDownLatch firstWrite =
      new java.util.concurrent.CountDownLatch(1);

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String line = request.getMethod() + " " + request.getPath();
    requests.add(line);
    boolean write = !request.getMethod().equals("GET");
    if (write && !request.getPath().contains("dryRun=All")) {
      firstWrite.countDown();
      java.util.concurrent.CountDownLatch held = heldWrites;
      if (held != null) {
        try {
          // A slow API server: the change lands when the test releases it, after the caller
          // died. Bounded, so that a test that forgets to release cannot hang.
          held.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (!write || !request.getPath().contains("dryRun=All")) {
      return super.dispatch(request);
    }
    Map<AttributeSet, String> before = new HashMap<>(map);
    try {
      return super.dispatch(request);
    } finally {
      map.clear();
      map.putAll(before);
    }
  }

  /** Makes every real write wait, unapplied, until {@link #releaseWrites}. */
  public void holdWrites() {
    heldWrites = new java.util.concurrent.CountDownLatch(1);
  }

  /** Applies the held writes and stops holding. */
  public void releaseWrites() {
    java.util.concurrent.CountDownLatch held = heldWrites;
    heldWrites = null;
    if (held != null) {
      held.countDown();
    }
  }

  /** Waits for the first real write to arrive. */
  public boolean awaitFirstWrite(long millis) throws InterruptedException {
    return firstWrite.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Forgets the requests seen so far (a test's fixtures). */
  public void forget() {
    requests.clear();
    firstWrite = new java.util.concurrent.CountDownLatch(1);
  }

  /** Requests seen, as {@code METHOD path?query}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Writes that changed something: not GETs, not dry-runs. */
  public List<String> writes() {
    return requests.stream()
        .filter(line -> !line.startsWith("GET ") && !line.contains("dryRun=All"))
        .toList();
  }

  public List<String> dryRuns() {
    return requests.stream().filter(line -> line.contains("dryRun=All")).toList();
  }
}
