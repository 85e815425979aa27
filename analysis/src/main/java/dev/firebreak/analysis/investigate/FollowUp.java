package dev.firebreak.analysis.investigate;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.RootCause;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to look again. A run whose window is not over is followed up when it is over; sooner —
 * as soon as runs may follow each other — when more evidence can still change the answer: a
 * source failed or was cut, nothing known was found, the leading cause is weak, or another is
 * close behind it (an early alert fires while the cause's evidence is still ramping). A
 * settled answer waits for the window's end.
 */
final class FollowUp {

  /** Below this the leading cause is a guess, not an answer. */
  static final double SETTLED_CONFIDENCE = 0.5;

  /** A runner-up this close could overtake the leader with one more piece of evidence. */
  static final double CLOSE_RUNNER_UP = 0.1;

  private FollowUp() {}

  /**
   * @param windowEnd when the run's window will be over, or null if it already is
   * @param earliest the earliest another run may start
   */
  static Instant at(
      Evidence evidence, Optional<Diagnosis> diagnosis, Instant windowEnd, Instant earliest) {
    if (windowEnd == null) {
      return null;
    }
    if (!unsettled(evidence, diagnosis)) {
      return windowEnd;
    }
    return earliest.isBefore(windowEnd) ? earliest : windowEnd;
  }

  static boolean unsettled(Evidence evidence, Optional<Diagnosis> diagnosis) {
    if (!evidence.complete() || diagnosis.isEmpty()) {
      return true;
    }
    List<Hypothesis> ranked = diagnosis.get().hypotheses();
    if (ranked.isEmpty()
        || ranked.get(0).cause() == RootCause.UNKNOWN
        || ranked.get(0).confidence() < SETTLED_CONFIDENCE) {
      return true;
    }
    return ranked.size() > 1
        && ranked.get(0).confidence() - ranked.get(1).confidence() < CLOSE_RUNNER_UP;
  }
}
