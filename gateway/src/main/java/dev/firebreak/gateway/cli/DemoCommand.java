package dev.firebreak.gateway.cli;

import dev.firebreak.gateway.demo.DemoServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves the demo service the compose stack and the scenario suite scrape. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Serve a small service for Prometheus to scrape (request counters, latency, CPU, heap,"
            + " pool, disk, certificate and build-info series) that fails on request:"
            + " POST /fault/{bad_deploy|resource_saturation|memory_leak|dependency_down|"
            + "connection_pool_exhaustion|traffic_surge|disk_full|certificate_expiry},"
            + " POST /heal.")
final class DemoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    DemoServer server;
    try {
      server = new DemoServer(host, port);
    } catch (UncheckedIOException e) {
      spec.commandLine()
          .getErr()
          .printf(
              "firebreak: cannot listen on %s:%d: the port is in use or not allowed%n", host, port);
      spec.commandLine().getErr().flush();
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "demo service on http://%s:%d/metrics; make it fail: curl -X POST"
            + " http://%s:%d/fault/bad_deploy%n",
        host, server.port(), host, server.port());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "firebreak-demo-shutdown"));
    stopped.await();
    return 0;
  }
}
