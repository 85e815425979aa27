package dev.firebreak.analysis.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.EvidenceKind;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FollowUpTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final Instant EARLIEST = NOW.plusSeconds(60);
  private static final Instant WINDOW_END = NOW.plusSeconds(300);

  private static Evidence evidence(SourceOutcome outcome) {
    return new Evidence(
        1,
        1,
        NOW,
        new TimeWindow(NOW.minusSeconds(1800), NOW),
        List.of(
            new SourceReport(
                "prometheus", EvidenceKind.METRICS, List.of(), NOW, 10, outcome, "", 3)),
        List.of(),
        List.of(),
        List.of());
  }

  private static Optional<Diagnosis> diagnosis(Hypothesis... ranked) {
    return Optional.of(
        new Diagnosis(
            1,
            1,
            NOW,
            "rules",
            List.of(),
            List.of(),
            List.of(),
            List.of(ranked),
            Severity.WARNING,
            List.of()));
  }

  private static Hypothesis hypothesis(RootCause cause, double confidence) {
    return new Hypothesis(cause, "checkout", confidence, "", List.of());
  }

  @Test
  void aSettledAnswerWaitsForTheWindowsEnd() {
    assertThat(
            FollowUp.at(
                evidence(SourceOutcome.OK),
                diagnosis(
                    hypothesis(RootCause.MEMORY_LEAK, 0.8),
                    hypothesis(RootCause.RESOURCE_SATURATION, 0.4)),
                WINDOW_END,
                EARLIEST))
        .isEqualTo(WINDOW_END);
  }

  @Test
  void anAnswerThatMoreEvidenceCanChangeIsFollowedUpAsSoonAsRunsMayFollow() {
    // Weak, unknown, a close runner-up, a source cut short, no diagnosis at all.
    List<Optional<Diagnosis>> unsettled =
        List.of(
            diagnosis(hypothesis(RootCause.MEMORY_LEAK, 0.45)),
            diagnosis(hypothesis(RootCause.UNKNOWN, 0.3)),
            diagnosis(
                hypothesis(RootCause.DEPENDENCY_DOWN, 0.64),
                hypothesis(RootCause.RESOURCE_SATURATION, 0.6)),
            Optional.empty());
    for (Optional<Diagnosis> answer : unsettled) {
      assertThat(FollowUp.at(evidence(SourceOutcome.OK), answer, WINDOW_END, EARLIEST))
          .as(answer.toString())
          .isEqualTo(EARLIEST);
    }
    assertThat(
            FollowUp.at(
                evidence(SourceOutcome.TIMED_OUT),
                diagnosis(hypothesis(RootCause.MEMORY_LEAK, 0.9)),
                WINDOW_END,
                EARLIEST))
        .isEqualTo(EARLIEST);
  }

  @Test
  void aWindowAlreadyOverIsNotFollowedUp_andNoFollowUpComesAfterTheWindowsEnd() {
    assertThat(FollowUp.at(evidence(SourceOutcome.OK), Optional.empty(), null, EARLIEST)).isNull();
    assertThat(
            FollowUp.at(
                evidence(SourceOutcome.OK), Optional.empty(), NOW.plusSeconds(30), EARLIEST))
        .isEqualTo(NOW.plusSeconds(30));
  }
}
