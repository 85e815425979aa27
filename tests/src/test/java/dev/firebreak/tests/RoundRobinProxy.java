package dev.firebreak.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One address in front of several gateways, as a TCP load balancer (a Kubernetes Service, HAProxy
 * in TCP mode) is: each new connection goes to the next backend that accepts it; a backend that
 * is down is skipped, and a connection to a backend that dies breaks, as it would. Senders then
 * reconnect, as every webhook sender retries.
 */
final class RoundRobinProxy implements AutoCloseable {

  private final ServerSocket server;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());

  RoundRobinProxy(List<Integer> backendPorts) {
    this.backends = List.copyOf(backendPorts);
    try {
      server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads.submit(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      threads.submit(() -> forward(client));
    }
  }

  private void forward(Socket client) {
    Socket backend = null;
    for (int tried = 0; tried < backends.size() && backend == null; tried++) {
      int port = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
      Socket candidate = new Socket();
      try {
        candidate.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        backend = candidate;
      } catch (IOException down) {
        closeQuietly(candidate);
      }
    }
    if (backend == null) {
      closeQuietly(client);
      return;
    }
    Socket upstream = backend;
    threads.submit(() -> pump(client, upstream));
    pump(upstream, client);
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException broken) {
      // one side went away: close both, as a load balancer does
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "proxy");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    threads.shutdownNow();
  }
}
