package dev.firebreak.analysis.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pace per target is learned from throttling, never below the floor, never stuck. */
class PacerTest {

  static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void slack_oneMessagePerSecondPerChannel_otherChannelsUnaffected() {
    Pacer pacer = new Pacer(Duration.ofSeconds(1));
    assertThat(pacer.reserve("C1", T)).isEmpty();
    assertThat(pacer.reserve("C1", T.plusMillis(500))).contains(T.plusSeconds(1));
    assertThat(pacer.reserve("C2", T.plusMillis(500))).isEmpty();
    assertThat(pacer.reserve("C1", T.plusSeconds(1))).isEmpty();
  }

  @Test
  void throttling_doublesTheGap_honoursRetryAfter_andSuccessShrinksItBack() {
    Pacer pacer = new Pacer(Duration.ZERO);
    assertThat(pacer.reserve("pd", T)).isEmpty();
    assertThat(pacer.reserve("pd", T)).as("no limit assumed").isEmpty();
    pacer.throttled("pd", T, Optional.empty());
    assertThat(pacer.gap("pd")).isEqualTo(Duration.ofSeconds(1));
    pacer.throttled("pd", T, Optional.empty());
    assertThat(pacer.gap("pd")).isEqualTo(Duration.ofSeconds(2));
    assertThat(pacer.reserve("pd", T.plusSeconds(1))).contains(T.plusSeconds(2));
    pacer.throttled("pd", T, Optional.of(Duration.ofSeconds(30)));
    assertThat(pacer.reserve("pd", T.plusSeconds(10))).contains(T.plusSeconds(30));
    for (int i = 0; i < 40; i++) {
      pacer.sent("pd");
    }
    assertThat(pacer.gap("pd")).isEqualTo(Duration.ZERO);
    for (int i = 0; i < 30; i++) {
      pacer.throttled("pd", T, Optional.empty());
    }
    assertThat(pacer.gap("pd")).isEqualTo(Duration.ofMinutes(2));
  }
}
