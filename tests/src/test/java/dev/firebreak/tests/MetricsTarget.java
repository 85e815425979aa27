package dev.firebreak.tests;

import dev.firebreak.gateway.demo.LatencyHistogram;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small service for Prometheus to scrape: request counters and a latency histogram as a
 * Prometheus client library exposes them, with a 5xx share and slow responses the test turns
 * on and off.
 */
final class MetricsTarget implements AutoCloseable {

  private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicBoolean slow = new AtomicBoolean();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final ScrapeEndpoint endpoint = new ScrapeEndpoint(this::exposition);

  MetricsTarget() {
    traffic.scheduleAtFixedRate(
        () -> {
          ok.addAndGet(90);
          int failed = failing.get() ? 30 : 0;
          errors.addAndGet(failed);
          // 120 requests per tick: fast ones take 40 ms, slow ones 800 ms.
          latency.observe(slow.get() ? 0.8 : 0.04, 90 + failed);
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
  }

  private String exposition() {
    StringBuilder text =
        new StringBuilder()
            .append("# HELP http_requests_total Requests served.\n")
            .append("# TYPE http_requests_total counter\n")
            .append("http_requests_total{code=\"200\"} ")
            .append(ok.get())
            .append('\n')
            .append("http_requests_total{code=\"500\"} ")
            .append(errors.get())
            .append('\n');
    latency.appendTo(text);
    return text.toString();
  }

  String address() {
    return endpoint.address();
  }

  void failing(boolean on) {
    failing.set(on);
  }

  void slow(boolean on) {
    slow.set(on);
  }

  @Override
  public void close() {
    traffic.shutdownNow();
    endpoint.close();
  }
}
