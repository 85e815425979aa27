package dev.firebreak.gateway.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firebreak.gateway.demo.DemoService.Scenario;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@link DemoService} over HTTP: {@code GET /metrics} for Prometheus, {@code POST
 * /fault/SCENARIO} to make it fail one way, {@code POST /heal} to stop. The JDK's own HTTP
 * server: a demo needs nothing more, and the gateway's Javalin stays the gateway's.
 */
public final class DemoServer implements AutoCloseable {

  private final DemoService service = new DemoService();
  private final HttpServer server;

  public DemoServer(String host, int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
    server.createContext("/metrics", exchange -> answer(exchange, 200, service.exposition()));
    server.createContext("/fault/", this::fault);
    server.createContext(
        "/heal",
        exchange -> {
          if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "use POST /heal\n");
            return;
          }
          service.heal();
          answer(exchange, 200, "healthy again\n");
        });
    server.createContext(
        "/",
        exchange ->
            answer(
                exchange,
                exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                "Firebreak demo service: GET /metrics; POST /fault/{"
                    + scenarios()
                    + "}; POST /heal. Failing now: "
                    + service.failing().map(DemoServer::wireName).orElse("nothing")
                    + "\n"));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** host:port, as a Prometheus scrape target. */
  public String address() {
    return server.getAddress().getHostString() + ":" + port();
  }

  /** Fails the service in process, as {@code POST /fault/…} does. */
  public void fail(Scenario scenario) {
    service.fail(scenario);
  }

  private void fault(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      answer(exchange, 405, "use POST /fault/{" + scenarios() + "}\n");
      return;
    }
    String name = exchange.getRequestURI().getPath().substring("/fault/".length());
    Scenario scenario;
    try {
      scenario = Scenario.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      answer(exchange, 404, "no scenario '" + name + "'; known: " + scenarios() + "\n");
      return;
    }
    service.fail(scenario);
    answer(exchange, 202, "failing now: " + wireName(scenario) + "\n");
  }

  private static String scenarios() {
    return Arrays.stream(Scenario.values())
        .map(DemoServer::wireName)
        .collect(Collectors.joining("|"));
  }

  static String wireName(Scenario scenario) {
    return scenario.name().toLowerCase(Locale.ROOT);
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add(
            "Content-Type",
            exchange.getRequestURI().getPath().equals("/metrics")
                ? "text/plain; version=0.0.4; charset=utf-8"
                : "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    service.close();
  }
}
