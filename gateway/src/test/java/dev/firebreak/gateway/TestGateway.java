package dev.firebreak.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.evidence.EvidenceSources;
import dev.firebreak.gateway.trace.Telemetry;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** A real gateway on a free port with a fresh SQLite file, and an HTTP client for it. */
public final class TestGateway implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final Gateway gateway;
  final JdbcIncidentStore store;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestGateway(Gateway gateway, JdbcIncidentStore store) {
    this.gateway = gateway;
    this.store = store;
  }

  static TestGateway start(Path directory, Map<String, String> settings) {
    return start(directory, settings, store -> store);
  }

  /** Starts a gateway whose store is wrapped by {@code decorate} (to stall or fail it). */
  static TestGateway start(
      Path directory,
      Map<String, String> settings,
      Function<JdbcIncidentStore, IncidentStore> decorate) {
    return start(directory, settings, decorate, Telemetry.off());
  }

  /** Starts a gateway recording its spans through {@code telemetry}. */
  static TestGateway start(
      Path directory,
      Map<String, String> settings,
      Function<JdbcIncidentStore, IncidentStore> decorate,
      Telemetry telemetry) {
    Map<String, String> all = new HashMap<>();
    all.put("FIREBREAK_PORT", "0");
    all.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + directory.resolve("firebreak.db"));
    all.put("FIREBREAK_POSTMORTEM_DIR", directory.resolve("postmortems").toString());
    // Memory embeds every incident; suites about other things leave it off (MemoryApiTest and
    // the end-to-end suites turn it on, as it is by default).
    all.put("FIREBREAK_MEMORY", "off");
    all.putAll(settings);
    GatewayConfig config = ConfigLoader.load(all);
    JdbcIncidentStore store = JdbcIncidentStore.open(config.databaseUrl(), 4);
    Gateway gateway =
        Gateway.create(
                config,
                decorate.apply(store),
                Clock.systemUTC(),
                EvidenceSources.sharedClient(),
                telemetry)
            .start();
    return new TestGateway(gateway, store);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }

  HttpResponse<String> post(String path, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  HttpResponse<String> postJson(String path, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return post(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), all);
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode readTree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Waits until every committed signal is correlated. */
  /**
   * Waits until the notify consumer has decided on every event so far: its timeline entries
   * (escalation decisions) are written in the background and would change an incident's record
   * under a test that compares two moments.
   */
  void awaitNotified() {
    Conditions.await(
        "the notify consumer to catch up",
        Duration.ofSeconds(30),
        () ->
            store.events().position(dev.firebreak.analysis.notify.Notifier.CONSUMER)
                >= store.events().latestEventId());
  }

  void awaitCorrelated() {
    Conditions.await(
        "every signal to be correlated",
        Duration.ofSeconds(20),
        () -> store.incidents().pendingSignalCount() == 0);
  }

  @Override
  public void close() {
    gateway.close();
  }
}
