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
 * below {@code needed} replicas it sheds a quarter of its requests with 5xx and its CPU runs
 * hot, as an overloaded service does; scaled up, it recovers. {@link #broken} makes it fail
 * whatever its size, for a fix that does not help.
 */
final class ScaledTarget implements AutoCloseable {

  private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong cpuMillis = new AtomicLong();
  private final AtomicBoolean broken = new AtomicBoolean();
  private final AtomicBoolean overloaded = new AtomicBoolean();
  private final ScrapeEndpoint endpoint = new ScrapeEndpoint(this::exposition);

  ScaledTarget(KubernetesClient cluster, String namespace, String name, int needed) {
    traffic.scheduleAtFixedRate(
        () -> {
          Deployment deployment =
              cluster.apps().deployments().inNamespace(namespace).withName(name).get();
          int replicas = deployment == null ? 0 : deployment.getSpec().getReplicas();
          boolean failing = broken.get() || replicas < needed;
          overloaded.set(failing);
          int failed = failing ? 30 : 0;
          ok.addAndGet(120 - failed);
          errors.addAndGet(failed);
          cpuMillis.addAndGet(failing ? 95 : 15);
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
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
