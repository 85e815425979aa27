package dev.firebreak.tests;

import static dev.firebreak.gateway.demo.LatencyHistogram.line;

import dev.firebreak.gateway.demo.DemoService.Scenario;
import dev.firebreak.gateway.demo.LatencyHistogram;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Three services calling each other — {@code frontend → checkout → payments}, checkout and
 * payments on one database ({@code orders-db}, a HikariCP pool each), payments calling an
 * outside card gateway — each serving its own {@code /metrics} for Prometheus, and every
 * request traced through the chain in Zipkin's v2 JSON. Requests are simulated one by one:
 * each hop adds its own time to its callee's, a call that takes longer than the client's
 * timeout fails as a timeout, a failed call fails its caller. A fault makes one service fail
 * one way; the others fail only as its callers do.
 */
final class ServiceTopology implements AutoCloseable {

  static final List<String> SERVICES = List.of("frontend", "checkout", "payments");
  private static final double CALL_TIMEOUT_SECONDS = 1.0;
  private static final int REQUESTS_PER_TICK = 9;

  private final Random random = new Random(11);
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final Consumer<String> spans;
  private volatile String faulty;
  private volatile Scenario fault;
  private volatile long faultSince;

  /** @param spans receives one trace a tick as a Zipkin v2 JSON array */
  ServiceTopology(Consumer<String> spans) {
    this.spans = spans;
    Node payments = new Node("payments", null, "card-gateway");
    Node checkout = new Node("checkout", payments, null);
    Node frontend = new Node("frontend", checkout, null);
    nodes.put("frontend", frontend);
    nodes.put("checkout", checkout);
    nodes.put("payments", payments);
    clock.scheduleAtFixedRate(this::tick, 0, 100, TimeUnit.MILLISECONDS);
  }

  /** host:port of each service's {@code /metrics}, by service. */
  Map<String, String> targets() {
    Map<String, String> targets = new LinkedHashMap<>();
    nodes.forEach((name, node) -> targets.put(name, node.address()));
    return targets;
  }

  /** From now on {@code service} fails as {@code cause} says. */
  void fail(String service, Scenario cause) {
    if (!nodes.containsKey(service)) {
      throw new IllegalArgumentException("no service " + service + " in " + SERVICES);
    }
    faultSince = System.currentTimeMillis();
    fault = cause;
    faulty = service;
  }

  private boolean failing(Node node, Scenario cause) {
    return node.name.equals(faulty) && fault == cause;
  }

  private double secondsFailing() {
    return fault == null ? 0 : (System.currentTimeMillis() - faultSince) / 1000.0;
  }

  private void tick() {
    try {
      for (Node node : nodes.values()) {
        node.tick();
      }
      Trace sampled = null;
      for (int i = 0; i < REQUESTS_PER_TICK; i++) {
        Trace trace = i == 0 ? new Trace() : null;
        nodes.get("frontend").serve(trace, null, System.currentTimeMillis() * 1000);
        sampled = trace == null ? sampled : trace;
      }
      if (sampled != null) {
        spans.accept(sampled.json());
      }
    } catch (RuntimeException e) {
      e.printStackTrace(); // a scheduled task that throws stops ticking; say why
    }
  }

  @Override
  public void close() {
    clock.shutdownNow();
    nodes.values().forEach(node -> node.endpoint.close());
  }

  /** What one hop answered. */
  private record Answer(double seconds, String error) {}

  /** The spans of one sampled request, as an instrumented service's reporter sends them. */
  private final class Trace {
    final String id = hex(16);
    final List<String> spans = new ArrayList<>();

    void span(
        String spanId,
        String parent,
        String service,
        String name,
        String kind,
        long startMicros,
        double seconds,
        String remote,
        String error) {
      StringBuilder json =
          new StringBuilder()
              .append("{\"traceId\":\"")
              .append(id)
              .append("\",\"id\":\"")
              .append(spanId)
              .append('"');
      if (parent != null) {
        json.append(",\"parentId\":\"").append(parent).append('"');
      }
      json.append(",\"name\":\"")
          .append(name)
          .append("\",\"kind\":\"")
          .append(kind)
          .append("\",\"timestamp\":")
          .append(startMicros)
          .append(",\"duration\":")
          .append(Math.max(1, Math.round(seconds * 1e6)))
          .append(",\"localEndpoint\":{\"serviceName\":\"")
          .append(service)
          .append("\"}");
      if (remote != null) {
        json.append(",\"remoteEndpoint\":{\"serviceName\":\"").append(remote).append("\"}");
      }
      if (error != null) {
        json.append(",\"tags\":{\"error\":\"").append(error.replace("\"", "'")).append("\"}");
      }
      spans.add(json.append('}').toString());
    }

    String json() {
      return "[" + String.join(",", spans) + "]";
    }
  }

  /** One service: its own behaviour, its metrics, its callee and its database pool. */
  private final class Node {
    final String name;
    final Node callee;
    final String outside;
    final ScrapeEndpoint endpoint;
    final LatencyHistogram latencies = new LatencyHistogram();
    final Map<String, double[]> calls = new LinkedHashMap<>();
    double ok;
    double errors;
    double cpuSeconds;
    double heap = 2.1e8;
    double pending;
    double active = 3;

    Node(String name, Node callee, String outside) {
      this.name = name;
      this.callee = callee;
      this.outside = outside;
      this.endpoint = new ScrapeEndpoint(this::exposition);
    }

    String address() {
      return endpoint.address();
    }

    boolean usesDatabase() {
      return !name.equals("frontend");
    }

    /** Resources, ten times a second. */
    synchronized void tick() {
      double cpu = failing(this, Scenario.RESOURCE_SATURATION) ? 0.95 : 0.03;
      cpuSeconds += 0.1 * cpu * (1 + 0.05 * random.nextGaussian());
      if (failing(this, Scenario.MEMORY_LEAK)) {
        heap += 3e6;
      } else {
        heap = 2.1e8 + 5e6 * random.nextGaussian();
      }
      boolean exhausted = failing(this, Scenario.CONNECTION_POOL_EXHAUSTION);
      pending = exhausted ? 28 + random.nextInt(4) : 0;
      active = exhausted ? 10 : 2 + random.nextInt(3);
    }

    /**
     * Serves one request, its spans added to {@code trace} when it is sampled (else null): span
     * ids are drawn before the callee is called, so the callee's spans hang under this
     * service's client span as a propagated context makes them.
     */
    Answer serve(Trace trace, String parentId, long startMicros) {
      double seconds = 0.01 + 0.01 * random.nextDouble();
      String error = null;
      List<Child> calls = new ArrayList<>();
      double t = secondsFailing();
      if (failing(this, Scenario.RESOURCE_SATURATION)) {
        seconds += 1.2 + 0.4 * random.nextDouble(); // requests queue for the CPU
      } else if (failing(this, Scenario.MEMORY_LEAK) && t > 15) {
        seconds += 0.6 + 0.2 * random.nextDouble(); // collections pausing as the heap fills
      }
      if (failing(this, Scenario.BAD_DEPLOY) && t > 3 && random.nextDouble() < 0.25) {
        error = "java.lang.NoSuchMethodError: 'void com.shop.Cart.total(java.util.List)'";
      }
      if (error == null && usesDatabase()) {
        if (failing(this, Scenario.CONNECTION_POOL_EXHAUSTION) && random.nextDouble() < 0.6) {
          seconds += CALL_TIMEOUT_SECONDS; // waited for a connection that never came
          error = "HikariPool-1 - Connection is not available, request timed out after 1000ms.";
        } else {
          double query = 0.003 + 0.002 * random.nextDouble();
          calls.add(
              new Child(
                  hex(8), "SELECT orders", at(startMicros, seconds), query, "orders-db", null));
          seconds += query;
        }
      }
      if (error == null && outside != null) {
        if (failing(this, Scenario.DEPENDENCY_DOWN) && random.nextDouble() < 0.4) {
          String refused = "connect: connection refused (" + outside + ":443)";
          calls.add(
              new Child(
                  hex(8), "POST /v1/charges", at(startMicros, seconds), 0.002, outside, refused));
          record(outside, 0.002, "UNKNOWN", "IO_ERROR");
          seconds += 0.002;
          error = "card authorisation failed: " + refused;
        } else {
          double call = 0.03 + 0.01 * random.nextDouble();
          calls.add(
              new Child(hex(8), "POST /v1/charges", at(startMicros, seconds), call, outside, null));
          record(outside, call, "SUCCESS", "200");
          seconds += call;
        }
      }
      if (error == null && callee != null) {
        String clientId = hex(8);
        long calledAt = at(startMicros, seconds);
        Answer answer = callee.serve(trace, clientId, calledAt + 300);
        double waited = Math.min(answer.seconds(), CALL_TIMEOUT_SECONDS);
        String failed = null;
        if (answer.seconds() > CALL_TIMEOUT_SECONDS) {
          failed = "java.net.SocketTimeoutException: Read timed out after 1000 ms";
          record(callee.name, waited, "UNKNOWN", "IO_ERROR");
        } else if (answer.error() != null) {
          failed = "HTTP 500 Internal Server Error";
          record(callee.name, waited, "SERVER_ERROR", "500");
        } else {
          record(callee.name, waited, "SUCCESS", "200");
        }
        calls.add(
            new Child(clientId, "GET /" + callee.name, calledAt, waited, callee.name, failed));
        seconds += waited;
        if (failed != null) {
          error = "calling " + callee.name + ": " + failed;
        }
      }
      synchronized (this) {
        if (error == null) {
          ok++;
        } else {
          errors++;
        }
        latencies.observe(seconds, 1);
      }
      if (trace != null) {
        String serverId = hex(8);
        trace.span(
            serverId, parentId, name, "GET /" + name, "SERVER", startMicros, seconds, null, error);
        for (Child call : calls) {
          trace.span(
              call.id(),
              serverId,
              name,
              call.name(),
              "CLIENT",
              call.at(),
              call.seconds(),
              call.remote(),
              call.error());
        }
      }
      return new Answer(seconds, error);
    }

    private synchronized void record(String peer, double seconds, String outcome, String status) {
      double[] counts =
          calls.computeIfAbsent(peer + "\u0000" + outcome + "\u0000" + status, k -> new double[2]);
      counts[0]++;
      counts[1] += seconds;
    }

    synchronized String exposition() {
      StringBuilder text =
          new StringBuilder()
              .append("# TYPE http_requests_total counter\n")
              .append(line("http_requests_total{code=\"200\"}", ok))
              .append(line("http_requests_total{code=\"500\"}", errors));
      latencies.appendTo(text);
      text.append("# TYPE http_client_requests_seconds summary\n");
      calls.forEach(
          (key, counts) -> {
            String[] parts = key.split("\u0000");
            String labels =
                "{client_name=\""
                    + parts[0]
                    + "\",outcome=\""
                    + parts[1]
                    + "\",status=\""
                    + parts[2]
                    + "\",method=\"POST\"}";
            text.append(line("http_client_requests_seconds_count" + labels, counts[0]))
                .append(line("http_client_requests_seconds_sum" + labels, counts[1]));
          });
      text.append("# TYPE process_cpu_seconds_total counter\n")
          .append(line("process_cpu_seconds_total", cpuSeconds))
          .append("# TYPE jvm_memory_used_bytes gauge\n")
          .append(line("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"}", heap))
          .append("# TYPE jvm_memory_max_bytes gauge\n")
          .append(line("jvm_memory_max_bytes{area=\"heap\",id=\"G1 Old Gen\"}", 2e9));
      if (usesDatabase()) {
        text.append("# TYPE hikaricp_connections_pending gauge\n")
            .append(line("hikaricp_connections_pending{pool=\"HikariPool-1\"}", pending))
            .append("# TYPE hikaricp_connections_active gauge\n")
            .append(line("hikaricp_connections_active{pool=\"HikariPool-1\"}", active))
            .append("# TYPE hikaricp_connections_max gauge\n")
            .append(line("hikaricp_connections_max{pool=\"HikariPool-1\"}", 10));
      }
      boolean deployed = failing(this, Scenario.BAD_DEPLOY);
      text.append("# TYPE app_build_info gauge\n")
          .append(line("app_build_info{version=\"" + (deployed ? "2.0.1" : "2.0.0") + "\"}", 1));
      return text.toString();
    }
  }

  private record Child(
      String id, String name, long at, double seconds, String remote, String error) {}

  private static long at(long startMicros, double seconds) {
    return startMicros + Math.round(seconds * 1e6);
  }

  private String hex(int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  static String wire(Scenario cause) {
    return cause.name().toLowerCase(Locale.ROOT);
  }
}
