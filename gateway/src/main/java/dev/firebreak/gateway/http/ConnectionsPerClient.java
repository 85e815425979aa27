package dev.firebreak.gateway.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection at once when its client address already holds the limit, so that one
 * host opening hundreds of slow connections cannot take the gateway's threads and memory from
 * every other sender. Jetty's own {@code ConnectionLimit} counts all clients together, which
 * would let that host lock everybody out.
 */
public final class ConnectionsPerClient implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerClient.class);

  private final int limit;
  private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

  /** Each counted connection's address: once closed, its endpoint no longer knows it. */
  private final ConcurrentHashMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();

  public ConnectionsPerClient(int limit) {
    this.limit = limit;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress address = address(connection);
    if (address == null) {
      return;
    }
    counted.put(connection, address);
    int count = open.computeIfAbsent(address, key -> new AtomicInteger()).incrementAndGet();
    if (count > limit) {
      if (count == limit + 1) {
        LOG.warn("client {} holds {} connections, the limit; closing its new ones", address, limit);
      }
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress address = counted.remove(connection);
    if (address == null) {
      return;
    }
    open.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /** Connections open now from {@code address}; for tests. */
  public int openFrom(InetAddress address) {
    AtomicInteger count = open.get(address);
    return count == null ? 0 : count.get();
  }

  private static InetAddress address(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
