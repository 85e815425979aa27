package dev.firebreak.tests;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service whose capacity is its deployment's replica count, read from the (mock) cluster:
 * each replica serves 60 requests a tick, what the replicas cannot serve is answered 5xx and
 * the CPU runs hot, as an overloaded service does; scaled up, it recovers. {@link #load} raises
 * the traffic; {@link #broken} makes it fail whatever its size, for a fix that does not help.
 */
final class ScaledTarget implements AutoCloseable {

  private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong cpuMillis = new AtomicLong();
  private final AtomicBoolean broken = new AtomicBoolean();
  private final AtomicBoolean overloaded = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger load =
      new java.util.concurrent.atomic.AtomicInteger(100);
  private final ScrapeEndpoint endpoint = new ScrapeEndpoint(this::exposition);

  private final java.util.concurrent.atomic.AtomicInteger replicas =
      new java.util.concurrent.atomic.AtomicInteger();

  ScaledTarget(KubernetesClient cluster, String namespace, String name) {
    traffic.scheduleAtFixedRate(
        () -> {
          Deployment deployment =
              cluster.apps().deployments().inNamespace(namespace).withName(name).get();
          replicas.set(deployment == null ? 0 : deployment.getSpec().getReplicas());
        },
        0,
        500,
        TimeUnit.MILLISECONDS);
    traffic.scheduleAtFixedRate(
        () -> {
          int requests = load.get();
          int capacity = replicas.get() * 60;
          int failed = Math.max(0, requests - capacity) + (broken.get() ? requests / 4 : 0);
          failed = Math.min(failed, requests);
          overloaded.set(failed > 0);
          ok.addAndGet(requests - failed);
          errors.addAndGet(failed);
          cpuMillis.addAndGet(failed > 0 ? 95 : 15);
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
  }

  /** Requests per tick of 100 ms (100 at first). */
  void load(int requests) {
    load.set(requests);
  }

  private String exposition() {
    return "# TYPE http_requests_total counter\n"
        + "http_requests_total{code=\"200\"} "
        + ok.get()
        + "\nhttp_requests_total{code=\"500\"} "
        + errors.get()
        + "\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total "
        + cpuMillis.get() / 1000.0
        + "\n";
  }

  String address() {
    return endpoint.address();
  }

  void broken(boolean on) {
    broken.set(on);
  }

  boolean overloaded() {
    return overloaded.get();
  }

  @Override
  public void close() {
    traffic.shutdownNow();
    endpoint.close();
  }
}
