package dev.firebreak.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PromQlTest {

  private static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("service", "check\"out");
    labels.put("namespace", "shop");
    return labels;
  }

  @Test
  void withoutThreshold_keepsTheMeasuredSide() {
    assertThat(PromQl.withoutThreshold("rate(x[5m]) > 0.05")).isEqualTo("rate(x[5m])");
    assertThat(PromQl.withoutThreshold("up{job=\"a\"} == 0")).isEqualTo("up{job=\"a\"}");
    assertThat(PromQl.withoutThreshold("a / b >= 1e3")).isEqualTo("a / b");
    assertThat(PromQl.withoutThreshold("x{l!=\"v\"} != 1")).isEqualTo("x{l!=\"v\"}");
    // A constant threshold may be written as arithmetic (blackbox's certificate alert).
    assertThat(PromQl.withoutThreshold("probe_ssl_earliest_cert_expiry - time() < 7 * 86400"))
        .isEqualTo("probe_ssl_earliest_cert_expiry - time()");
    assertThat(PromQl.withoutThreshold("x > (0.9 * 100)")).isEqualTo("x");
    assertThat(PromQl.withoutThreshold("x > 2 * e5")).isEqualTo("x > 2 * e5");
    // Comparisons between series, and bool comparisons, are what they are.
    assertThat(PromQl.withoutThreshold("a > b")).isEqualTo("a > b");
    assertThat(PromQl.withoutThreshold("a > bool 1")).isEqualTo("a > bool 1");
    assertThat(PromQl.withoutThreshold("x{msg=\"a > 1\"}")).isEqualTo("x{msg=\"a > 1\"}");
  }

  @Test
  void fill_escapesValuesAndSkipsUnknownLabels() {
    Duration window = Duration.ofSeconds(90);
    assertThat(PromQl.fill("rate(x{{selector}}[{{window}}])", labels(), window))
        .contains("rate(x{service=\"check\\\"out\",namespace=\"shop\"}[90s])");
    assertThat(PromQl.fill("x{{{matchers}},code=\"500\"}", labels(), window))
        .contains("x{service=\"check\\\"out\",namespace=\"shop\",code=\"500\"}");
    assertThat(PromQl.fill("x{pod=\"{{pod}}\"}", labels(), window)).isEmpty();
  }

  @Test
  void shippedQueries_allFillForAServiceAndThePodOnesForAPod() throws Exception {
    Properties queries = new Properties();
    Path file =
        Path.of("").toAbsolutePath().getParent().resolve("prometheus/evidence-queries.properties");
    try (Reader reader = Files.newBufferedReader(file)) {
      queries.load(reader);
    }
    assertThat(queries).isNotEmpty();
    Map<String, String> withPod = labels();
    withPod.put("pod", "checkout-7d9");
    for (String name : queries.stringPropertyNames()) {
      Optional<String> filled =
          PromQl.fill(queries.getProperty(name), withPod, Duration.ofMinutes(1));
      assertThat(filled).as(name).isPresent();
      assertThat(filled.get()).as(name).doesNotContain("{{").isNotBlank();
      if (!name.startsWith("pod_")) {
        assertThat(PromQl.fill(queries.getProperty(name), labels(), Duration.ofMinutes(1)))
            .as(name)
            .isPresent();
      }
    }
  }
}
