package dev.firebreak.analysis.remediate;

import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.Measurement.Phase;
import dev.firebreak.analysis.model.Verification;
import java.util.List;

/**
 * Reads a verification's measurements as Argo Rollouts' AnalysisRun does: failed once more than
 * {@code failureLimit} measurements failed, errored after more than {@code
 * consecutiveErrorLimit} errors in a row, inconclusive once more than {@code inconclusiveLimit}
 * could not tell, successful after {@code count} measurements that are not errors.
 */
public final class VerificationJudge {

  /** What the measurements so far say. */
  public enum Verdict {
    /** Measure again after the interval. */
    CONTINUE,
    SUCCESSFUL,
    FAILED,
    ERROR,
    INCONCLUSIVE
  }

  private VerificationJudge() {}

  public static Verdict judge(Verification verification, List<Measurement> measurements) {
    int failed = 0;
    int inconclusive = 0;
    int taken = 0;
    int errorsInARow = 0;
    for (Measurement measurement : measurements) {
      if (measurement.phase() == Phase.ERROR) {
        errorsInARow++;
        continue;
      }
      errorsInARow = 0;
      taken++;
      if (measurement.phase() == Phase.FAILED) {
        failed++;
      } else if (measurement.phase() == Phase.INCONCLUSIVE) {
        inconclusive++;
      }
    }
    if (failed > verification.failureLimit()) {
      return Verdict.FAILED;
    }
    if (errorsInARow > verification.consecutiveErrorLimit()) {
      return Verdict.ERROR;
    }
    if (inconclusive > verification.inconclusiveLimit()) {
      return Verdict.INCONCLUSIVE;
    }
    return taken >= verification.count() ? Verdict.SUCCESSFUL : Verdict.CONTINUE;
  }

  /** The last measurements, as a person reads them, for a failed verification's reason. */
  public static String lastMeasurements(List<Measurement> measurements, int last) {
    List<Measurement> tail =
        measurements.subList(Math.max(0, measurements.size() - last), measurements.size());
    StringBuilder out = new StringBuilder();
    for (Measurement measurement : tail) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(measurement.phase().wireName()).append(": ").append(measurement.detail());
    }
    return out.toString();
  }
}
