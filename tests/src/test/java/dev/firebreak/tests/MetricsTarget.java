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
 * A small service for Prometheus to scrape: request counters as a Prometheus client library
 * exposes them, with a 5xx share the test turns on and off.
 */
final class MetricsTarget implements AutoCloseable {

  private final HttpServer server;
  private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicBoolean failing = new AtomicBoolean();

  MetricsTarget() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/metrics", exchange -> {
      byte[] body = ("# HELP http_requests_total Requests served.\n"
          + "# TYPE http_requests_total counter\n"
          + "http_requests_total{code=\"200\"} " + ok.get() + "\n"
          + "http_requests_total{code=\"500\"} " + errors.get() + "\n")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    traffic.scheduleAtFixedRate(() -> {
      ok.addAndGet(90);
      if (failing.get()) {
        errors.addAndGet(30);
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void failing(boolean on) {
    failing.set(on);
  }

  @Override
  public void close() {
    traffic.shutdownNow();
    server.stop(0);
  }
}
