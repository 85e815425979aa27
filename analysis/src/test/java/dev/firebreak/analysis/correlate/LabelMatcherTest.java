package dev.firebreak.analysis.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

  private final LabelMatcher matcher = new LabelMatcher(CorrelationSettings.DEFAULT_LABEL_KEYS);

  @Test
  void sameSubject_needsOneSharedLabelAndNoConflict() {
    assertThat(
            matcher.sameSubject(
                Map.of("service", "checkout", "cluster", "prod"), Map.of("service", "checkout")))
        .isTrue();
    assertThat(
            matcher.sameSubject(
                Map.of("service", "checkout", "cluster", "prod"),
                Map.of("service", "payments", "cluster", "prod")))
        .isFalse();
    assertThat(matcher.sameSubject(Map.of("service", "checkout"), Map.of("host", "web-1")))
        .isFalse();
    assertThat(matcher.sameSubject(Map.of("alertname", "A"), Map.of("alertname", "A")))
        .as("alertname is not an identifying label")
        .isFalse();
    assertThat(matcher.sameSubject(Map.of("service", ""), Map.of("service", ""))).isFalse();
  }
}
