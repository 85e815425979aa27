package dev.firebreak.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.gateway.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerFingerprintTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void matchesEveryFingerprintTheRealAlertmanagerSent() throws Exception {
    Path captured = Fixtures.CAPTURED;
    int checked = 0;
    for (String line : Files.readAllLines(captured.resolve("alertmanager-all-requests.jsonl"))) {
      JsonNode request = JSON.readTree(line);
      for (JsonNode alert : request.path("body").path("alerts")) {
        Map<String, String> labels =
            JSON.convertValue(alert.get("labels"), new TypeReference<Map<String, String>>() {});
        assertThat(AlertmanagerFingerprint.of(labels))
            .as("fingerprint of %s", labels)
            .isEqualTo(alert.get("fingerprint").asText());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void ordersNamesByTheirBytesAndSeparatesNameFromValue() {
    // "ab"="c" and "a"="bc" must differ: the separator keeps the boundary.
    assertThat(AlertmanagerFingerprint.of(Map.of("ab", "c")))
        .isNotEqualTo(AlertmanagerFingerprint.of(Map.of("a", "bc")));
    assertThat(AlertmanagerFingerprint.of(Map.of("b", "1", "a", "2")))
        .isEqualTo(AlertmanagerFingerprint.of(new java.util.TreeMap<>(Map.of("a", "2", "b", "1"))));
    assertThat(AlertmanagerFingerprint.of(Map.of("alertname", "x"))).hasSize(16);
  }
}
