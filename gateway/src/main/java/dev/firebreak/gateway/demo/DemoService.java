package dev.firebreak.gateway.demo;

import static dev.firebreak.gateway.demo.LatencyHistogram.line;

import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A service for Prometheus to scrape that exposes what real exporters expose — request
 * counters and a latency histogram (Prometheus client), process CPU, JVM heap (Micrometer),
 * HikariCP pool gauges, a node_exporter filesystem gauge, blackbox's certificate expiry and a
 * build-info series — and, from {@link #fail(Scenario)} on, behaves as one kind of incident.
 * The scenario suite scrapes it in process; {@code firebreak demo} serves it for the compose
 * stack, so a demo and the suite see the same faults.
 */
public final class DemoService implements AutoCloseable {

  /** What goes wrong; each names the root cause a diagnosis should find. */
  public enum Scenario {
    BAD_DEPLOY,
    RESOURCE_SATURATION,
    MEMORY_LEAK,
    DEPENDENCY_DOWN,
    CONNECTION_POOL_EXHAUSTION,
    TRAFFIC_SURGE,
    DISK_FULL,
    CERTIFICATE_EXPIRY
  }

  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final Random random = new Random(7);
  private volatile Scenario scenario;
  private volatile long failingSince;
  private double ok;
  private double errors;
  private double cpuSeconds;
  private double heap = 2.1e8;
  private double diskFree = 5.2e10;
  private final LatencyHistogram latencies = new LatencyHistogram();
  private final long certExpiry = System.currentTimeMillis() / 1000 + 60L * 86400;

  public DemoService() {
    clock.scheduleAtFixedRate(this::tick, 0, 100, TimeUnit.MILLISECONDS);
  }

  /** From now on, behaves as {@code what} goes wrong. */
  public void fail(Scenario what) {
    failingSince = System.currentTimeMillis();
    scenario = what;
  }

  /** Whatever went wrong stops; counters keep counting, as a real process's do. */
  public void heal() {
    scenario = null;
  }

  /** What is failing now, if anything. */
  public java.util.Optional<Scenario> failing() {
    return java.util.Optional.ofNullable(scenario);
  }

  private boolean is(Scenario what) {
    return scenario == what;
  }

  private double secondsFailing() {
    return scenario == null ? 0 : (System.currentTimeMillis() - failingSince) / 1000.0;
  }

  /** Ten ticks a second: traffic, latency and resources move as the scenario says. */
  private synchronized void tick() {
    double t = secondsFailing();
    double requests = 90 * (is(Scenario.TRAFFIC_SURGE) ? 3.5 : 1);
    double errorShare = 0;
    double latency = 0.04;
    double cpu = 0.02;
    if (is(Scenario.BAD_DEPLOY) && t > 3) {
      errorShare = 0.25;
    } else if (is(Scenario.RESOURCE_SATURATION)) {
      cpu = 0.19;
      latency = 0.8;
    } else if (is(Scenario.MEMORY_LEAK)) {
      heap += 3e6;
      latency = t > 15 ? 0.6 : 0.04;
    } else if (is(Scenario.DEPENDENCY_DOWN)) {
      errorShare = 0.3;
    } else if (is(Scenario.CONNECTION_POOL_EXHAUSTION)) {
      latency = 2.0;
      errorShare = 0.1;
    } else if (is(Scenario.TRAFFIC_SURGE)) {
      cpu = 0.05;
      latency = 0.2;
    } else if (is(Scenario.DISK_FULL)) {
      diskFree = Math.max(0, diskFree - 2.5e9);
      errorShare = diskFree <= 0 ? 0.4 : 0;
    } else if (is(Scenario.CERTIFICATE_EXPIRY)) {
      errorShare = 0.5;
    }
    double failed = requests * errorShare;
    ok += requests - failed;
    errors += failed;
    cpuSeconds += cpu * (1 + 0.05 * random.nextGaussian());
    if (scenario != Scenario.MEMORY_LEAK) {
      heap = 2.1e8 + 5e6 * random.nextGaussian();
    }
    latencies.observe(latency, requests);
  }

  /** The Prometheus text exposition, as a scrape reads it. */
  public synchronized String exposition() {
    boolean deployed = is(Scenario.BAD_DEPLOY);
    boolean pool = is(Scenario.CONNECTION_POOL_EXHAUSTION);
    long expiry =
        is(Scenario.CERTIFICATE_EXPIRY) ? System.currentTimeMillis() / 1000 - 120 : certExpiry;
    StringBuilder text =
        new StringBuilder()
            .append("# TYPE http_requests_total counter\n")
            .append(line("http_requests_total{code=\"200\"}", ok))
            .append(line("http_requests_total{code=\"500\"}", errors));
    latencies.appendTo(text);
    text.append("# TYPE process_cpu_seconds_total counter\n")
        .append(line("process_cpu_seconds_total", cpuSeconds))
        .append("# TYPE jvm_memory_used_bytes gauge\n")
        .append(line("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"}", heap))
        .append("# TYPE jvm_memory_max_bytes gauge\n")
        .append(line("jvm_memory_max_bytes{area=\"heap\",id=\"G1 Old Gen\"}", 2e9))
        .append("# TYPE hikaricp_connections_pending gauge\n")
        .append(line("hikaricp_connections_pending{pool=\"HikariPool-1\"}", pool ? 28 : 0))
        .append(line("hikaricp_connections_active{pool=\"HikariPool-1\"}", pool ? 10 : 3))
        .append("# TYPE node_filesystem_avail_bytes gauge\n")
        .append(line("node_filesystem_avail_bytes{mountpoint=\"/data\",fstype=\"ext4\"}", diskFree))
        .append("# TYPE probe_ssl_earliest_cert_expiry gauge\n")
        .append(line("probe_ssl_earliest_cert_expiry", expiry))
        .append("# TYPE app_build_info gauge\n")
        .append(line("app_build_info{version=\"" + (deployed ? "1.4.2" : "1.4.1") + "\"}", 1));
    return text.toString();
  }

  @Override
  public void close() {
    clock.shutdownNow();
  }
}
