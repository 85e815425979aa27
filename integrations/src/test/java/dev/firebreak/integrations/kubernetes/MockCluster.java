package dev.firebreak.integrations.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode with the {@link DryRunCrudDispatcher}, a client for
 * the test's own fixtures, and a kubeconfig that points a gateway at it.
 */
public final class MockCluster implements AutoCloseable {

  private final DryRunCrudDispatcher dispatcher = new DryRunCrudDispatcher();
  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
  private final KubernetesClient client;

  public MockCluster() {
    server.init();
    client = server.createClient();
  }

  public DryRunCrudDispatcher dispatcher() {
    return dispatcher;
  }

  public KubernetesMockServer server() {
    return server;
  }

  /** A client for fixtures and for reading what the gateway changed. */
  public KubernetesClient client() {
    return client;
  }

  /** Writes a kubeconfig for this cluster at {@code file}, as FIREBREAK_KUBECONFIG reads it. */
  public Path kubeconfig(Path file) {
    try {
      Files.writeString(
          file,
          """
          apiVersion: v1
          kind: Config
          clusters: [{name: mock, cluster: {server: "%s"}}]
          users: [{name: mock, user: {token: mock-token}}]
          contexts: [{name: mock, context: {cluster: mock, user: mock}}]
          current-context: mock
          """
              .formatted(server.url("/").replaceAll("/$", "")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
