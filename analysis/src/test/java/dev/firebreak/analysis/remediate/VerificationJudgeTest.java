package dev.firebreak.analysis.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.Measurement.Phase;
import dev.firebreak.analysis.model.Verification;
import dev.firebreak.analysis.remediate.VerificationJudge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AnalysisRun's rules as a table: measurements so far (S, F, I, E) and limits → verdict. */
class VerificationJudgeTest {

  static Verification verification(
      int count, int failureLimit, int inconclusiveLimit, int errorLimit) {
    return new Verification(
        "rate(errors[1m])",
        Optional.of(">"),
        0.05,
        Map.of(),
        Duration.ofMinutes(1),
        Duration.ofSeconds(30),
        count,
        failureLimit,
        inconclusiveLimit,
        errorLimit,
        Phase.INCONCLUSIVE);
  }

  @ParameterizedTest(name = "{0} with count {1}, limits f{2} i{3} e{4} → {5}")
  @CsvSource({
    "'',     3, 0, 0, 4, CONTINUE",
    "S,      3, 0, 0, 4, CONTINUE",
    "SSS,    3, 0, 0, 4, SUCCESSFUL",
    "F,      3, 0, 0, 4, FAILED",
    "SSF,    3, 0, 0, 4, FAILED",
    "F,      3, 1, 0, 4, CONTINUE",
    "FSS,    3, 1, 0, 4, SUCCESSFUL",
    "FF,     3, 1, 0, 4, FAILED",
    "I,      3, 0, 0, 4, INCONCLUSIVE",
    "I,      3, 0, 1, 4, CONTINUE",
    "EEEE,   3, 0, 0, 4, CONTINUE",
    "EEEEE,  3, 0, 0, 4, ERROR",
    "EEESEE, 3, 0, 0, 4, CONTINUE",
    "SESES,  3, 0, 0, 4, SUCCESSFUL",
    "SEEEEE, 3, 0, 0, 4, ERROR",
  })
  void judges(
      String phases,
      int count,
      int failureLimit,
      int inconclusiveLimit,
      int errorLimit,
      Verdict verdict) {
    List<Measurement> measurements = new ArrayList<>();
    Instant at = Instant.parse("2026-12-02T10:00:00Z");
    for (char c : phases.toCharArray()) {
      Phase phase =
          switch (c) {
            case 'S' -> Phase.SUCCESSFUL;
            case 'F' -> Phase.FAILED;
            case 'I' -> Phase.INCONCLUSIVE;
            default -> Phase.ERROR;
          };
      measurements.add(new Measurement(at, phase, 0.1, c + ""));
      at = at.plusSeconds(30);
    }
    assertThat(
            VerificationJudge.judge(
                verification(count, failureLimit, inconclusiveLimit, errorLimit), measurements))
        .isEqualTo(verdict);
  }
}
