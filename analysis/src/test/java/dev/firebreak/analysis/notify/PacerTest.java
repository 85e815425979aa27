package dev.firebreak.analysis.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pace per target is learned from throttling, never above the floor, and recovers. */
class PacerTest {

  static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void slack_oneMessagePerSecondPerChannel_otherChannelsUnaffected() {
    Pacer pacer = new Pacer(Duration.ofSeconds(1));
    assertThat(pacer.reserve("C1", "1/slack/C1", T)).isEmpty();
    assertThat(pacer.reserve("C1", "2/slack/C1", T.plusMillis(500))).contains(T.plusSeconds(1));
    assertThat(pacer.reserve("C1", "3/slack/C1", T.plusMillis(600))).contains(T.plusSeconds(2));
    assertThat(pacer.reserve("C2", "2/slack/C2", T.plusMillis(500))).isEmpty();
    assertThat(pacer.reserve("C1", "2/slack/C1", T.plusMillis(800)))
        .as("its slot is kept")
        .contains(T.plusSeconds(1));
    assertThat(pacer.reserve("C1", "2/slack/C1", T.plusSeconds(1))).isEmpty();
    assertThat(pacer.reserve("C1", "3/slack/C1", T.plusSeconds(2))).isEmpty();
    pacer.sent("C1");
    assertThat(pacer.rate("C1")).isEqualTo(1.0);
  }

  @Test
  void aRefusal_halvesWhatWasBeingSent_onceForRequestsRefusedTogether() {
    Pacer pacer = new Pacer(Duration.ZERO);
    for (int i = 0; i < 40; i++) {
      assertThat(pacer.reserve("pd", "s" + i, T.plusMillis(i * 10)))
          .as("no limit assumed")
          .isEmpty();
    }
    Instant refused = T.plusMillis(400);
    pacer.throttled("pd", refused, Optional.empty());
    assertThat(pacer.rate("pd")).isEqualTo(20.0);
    pacer.throttled("pd", refused.plusMillis(5), Optional.empty());
    pacer.throttled("pd", refused.plusMillis(9), Optional.empty());
    assertThat(pacer.rate("pd")).as("one congestion event").isEqualTo(20.0);
    assertThat(pacer.reserve("pd", "a", refused.plusMillis(500))).contains(refused.plusSeconds(1));
    assertThat(pacer.reserve("pd", "b", refused.plusMillis(500)))
        .contains(refused.plusMillis(1050));
    assertThat(pacer.reserve("pd", "a", refused.plusSeconds(1))).isEmpty();
    pacer.throttled("pd", refused.plusSeconds(5), Optional.empty());
    assertThat(pacer.rate("pd"))
        .as("half of the one message sent in the last second")
        .isEqualTo(0.5);
    assertThat(pacer.reserve("pd", "b", refused.plusMillis(1050)))
        .as("slots booked before a refusal are booked again at the new pace")
        .contains(refused.plusSeconds(7));
  }

  @Test
  void retryAfterIsWaitedOut_andTheRateRecoversWhileMessagesAreTaken() {
    Pacer pacer = new Pacer(Duration.ZERO);
    pacer.reserve("pd", "a", T);
    pacer.throttled("pd", T, Optional.of(Duration.ofSeconds(30)));
    assertThat(pacer.reserve("pd", "b", T.plusSeconds(10))).contains(T.plusSeconds(30));
    double slowed = pacer.rate("pd");
    assertThat(slowed).isEqualTo(0.5);
    for (int i = 0; i < 100; i++) {
      pacer.sent("pd");
    }
    assertThat(pacer.rate("pd")).isGreaterThan(10);
    for (int i = 0; i < 20; i++) {
      pacer.throttled("pd", T.plusSeconds(100L * (i + 1)), Optional.empty());
    }
    assertThat(pacer.rate("pd")).isEqualTo(0.2);
  }
}
