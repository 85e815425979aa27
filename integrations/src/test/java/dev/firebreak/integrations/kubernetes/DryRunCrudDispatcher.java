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

  private final List<String> requests = new CopyOnWriteArrayList<>();

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String line = request.getMethod() + " " + request.getPath();
    requests.add(line);
    boolean write = !request.getMethod().equals("GET");
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

  /** Forgets the requests seen so far (a test's fixtures). */
  public void forget() {
    requests.clear();
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
