package dev.firebreak.tests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

  private final HttpServer server;
  private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicBoolean slow = new AtomicBoolean();
  private static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5};
  /** Cumulative bucket counts, the last one +Inf. */
  private final AtomicLong[] buckets = new AtomicLong[BOUNDS.length + 1];
  private final AtomicLong latencySumMillis = new AtomicLong();

  MetricsTarget() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new AtomicLong();
    }
    server.createContext("/metrics", exchange -> {
      byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    traffic.scheduleAtFixedRate(() -> {
      ok.addAndGet(90);
      int failed = failing.get() ? 30 : 0;
      errors.addAndGet(failed);
      // 120 requests per tick: fast ones take 40 ms, slow ones 800 ms.
      double seconds = slow.get() ? 0.8 : 0.04;
      observe(seconds, 90 + failed);
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  private void observe(double seconds, int count) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        buckets[i].addAndGet(count);
      }
    }
    buckets[BOUNDS.length].addAndGet(count);
    latencySumMillis.addAndGet(Math.round(seconds * 1000) * count);
  }

  private String exposition() {
    StringBuilder text = new StringBuilder()
        .append("# HELP http_requests_total Requests served.\n")
        .append("# TYPE http_requests_total counter\n")
        .append("http_requests_total{code=\"200\"} ").append(ok.get()).append('\n')
        .append("http_requests_total{code=\"500\"} ").append(errors.get()).append('\n')
        .append("# HELP http_request_duration_seconds Request latency.\n")
        .append("# TYPE http_request_duration_seconds histogram\n");
    for (int i = 0; i < BOUNDS.length; i++) {
      text.append("http_request_duration_seconds_bucket{le=\"").append(BOUNDS[i]).append("\"} ")
          .append(buckets[i].get()).append('\n');
    }
    long count = buckets[BOUNDS.length].get();
    text.append("http_request_duration_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n')
        .append("http_request_duration_seconds_sum ").append(latencySumMillis.get() / 1000.0)
        .append('\n')
        .append("http_request_duration_seconds_count ").append(count).append('\n');
    return text.toString();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
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
    server.stop(0);
  }
}
