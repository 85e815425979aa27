package dev.firebreak.analysis.remediate;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to do about a diagnosis: which diagnoses it matches and the actions to take, in order.
 * A playbook with no actions escalates only (a dependency down, a full disk, an expiring
 * certificate: nothing a gateway should touch).
 *
 * @param approvers who may approve its actions; empty means nobody may
 */
public record Playbook(String name, Match match, List<Step> actions, List<String> approvers) {

  public Playbook {
    actions = List.copyOf(actions);
    approvers = List.copyOf(approvers);
  }

  public boolean escalatesOnly() {
    return actions.isEmpty();
  }

  /**
   * Which diagnoses a playbook takes: the top cause among {@code causes}, at least {@code
   * minConfidence} sure, of one of {@code services} (any when empty), on an incident carrying
   * every label of {@code labels}.
   */
  public record Match(
      Set<RootCause> causes,
      Set<String> services,
      Map<String, String> labels,
      double minConfidence) {

    public Match {
      causes = Set.copyOf(causes);
      services = Set.copyOf(services);
      labels = Map.copyOf(labels);
    }

    public static Match cause(RootCause cause, double minConfidence) {
      return new Match(Set.of(cause), Set.of(), Map.of(), minConfidence);
    }

    public boolean matches(Hypothesis top, Incident incident) {
      if (!causes.contains(top.cause()) || top.confidence() < minConfidence) {
        return false;
      }
      String service = top.service().isEmpty() ? incident.service() : top.service();
      if (!services.isEmpty() && !services.contains(service)) {
        return false;
      }
      return labels.entrySet().stream()
          .allMatch(label -> label.getValue().equals(incident.labels().get(label.getKey())));
    }
  }

  /**
   * One action.
   *
   * @param parameters what the executor needs ({@code step: 1}, {@code runbook: restart-db}); a
   *     target not named here comes from the incident's labels
   */
  public record Step(
      ActionKind kind, Risk risk, Map<String, String> parameters, VerifySettings verify) {

    public Step {
      parameters = Map.copyOf(parameters);
    }
  }

  /**
   * How an action is verified (see {@link dev.firebreak.analysis.model.Verification}).
   *
   * @param query a PromQL condition of the playbook's own instead of the alert's expression
   * @param failsWhen with {@code query}: when the problem still holds ({@code "> 0.05"}); without
   *     it any series the query returns means it holds
   * @param initialDelay the least wait before the first measurement; a range in the query
   *     ({@code [5m]}) lengthens it, since the measured value reflects the action only once the
   *     window has passed
   */
  public record VerifySettings(
      Optional<String> query,
      Optional<String> failsWhen,
      Duration initialDelay,
      Duration interval,
      int count,
      int failureLimit,
      int inconclusiveLimit,
      int consecutiveErrorLimit,
      Measurement.Phase noData) {

    public static VerifySettings defaults() {
      return new VerifySettings(
          Optional.empty(),
          Optional.empty(),
          Duration.ofMinutes(1),
          Duration.ofSeconds(30),
          3,
          0,
          0,
          4,
          Measurement.Phase.INCONCLUSIVE);
    }
  }
}
