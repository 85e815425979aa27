package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the receivers and the API's query parsing through
 * a real gateway. The first byte picks the target, the rest is the body or the query string;
 * the seeds are real payloads. Whatever comes, the answer is never a 5xx (an exception escaping
 * to the mapper is one), and a refused body stores nothing. In CI it fuzzes for the bounded
 * time below; without {@code JAZZER_FUZZ} it replays the seeds.
 */
class WebhookFuzzTest {

  /** Indexed by the first byte; the query string is target 3, so Grafana is 4. */
  private static final List<String> PATHS =
      List.of(
          "/webhooks/alertmanager",
          "/webhooks/datadog",
          "/webhooks/pagerduty",
          "",
          "/webhooks/grafana");

  static Path directory;
  static TestGateway gateway;
  static Connection database;

  @BeforeAll
  static void start() throws Exception {
    directory = Files.createTempDirectory("firebreak-fuzz");
    gateway =
        TestGateway.start(
            directory,
            Map.of("FIREBREAK_MAX_ALERTS_PER_REQUEST", "20", "FIREBREAK_MAX_BODY_BYTES", "65536"));
    database = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("firebreak.db"));
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
    gateway.close();
  }

  @FuzzTest(maxDuration = "60s")
  void receiversAndQueries_neverAnswer5xxNorStoreFromARefusedBody(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    // The test's own client talks to the gateway under test; Jazzer's SSRF detector flags any
    // connection it opens (a new one whenever the gateway closed the last) unless it is allowed.
    try (SilentCloseable allowed =
        BugDetectors.allowNetworkConnections((host, port) -> port == gateway.gateway.port())) {
      send(input);
    }
  }

  private void send(byte[] input) throws Exception {
    int target = Byte.toUnsignedInt(input[0]) % PATHS.size();
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    if (target == 3) {
      String query = encodeQuery(new String(rest, StandardCharsets.UTF_8));
      HttpResponse<String> answer = gateway.get("/api/incidents?" + query);
      assertThat(answer.statusCode()).as(query + " → " + answer.body()).isLessThan(500);
      return;
    }
    long before = storedSignals();
    HttpResponse<String> answer = post(PATHS.get(target), rest);
    assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
    if (answer.statusCode() != 202) {
      assertThat(storedSignals()).as(answer.body()).isEqualTo(before);
    }
  }

  /**
   * Posts once more on a fresh connection when the first attempt's connection was closed before
   * any answer: a pooled connection the gateway closed as idle (after its body timeout, while the
   * fuzzer was busy) can be taken by the client at the moment it closes. A gateway that hangs up
   * on the input itself does so again, and the test fails.
   */
  private static HttpResponse<String> post(String path, byte[] body) {
    try {
      return gateway.post(path, body, "Content-Type", "application/json");
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof java.io.IOException)) {
        throw e;
      }
      return gateway.post(path, body, "Content-Type", "application/json");
    }
  }

  /** Keeps '&' and '=' so the fuzzer can make parameters; everything else is encoded. */
  private static String encodeQuery(String raw) {
    StringBuilder query = new StringBuilder();
    for (String pair : raw.split("&", -1)) {
      if (query.length() > 0) {
        query.append('&');
      }
      int equals = pair.indexOf('=');
      if (equals < 0) {
        query.append(URLEncoder.encode(pair, StandardCharsets.UTF_8));
      } else {
        query
            .append(URLEncoder.encode(pair.substring(0, equals), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }

  private static long storedSignals() throws SQLException {
    try (Statement statement = database.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM signals")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
