package dev.firebreak.gateway.remediate;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.gateway.metrics.GatewayMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Remediation in {@code /metrics}, read from the store so that every gateway shows the same. */
public final class RemediationGauges {

  private RemediationGauges() {}

  public static void register(GatewayMetrics metrics, IncidentStore store) {
    metrics.gauge(
        "firebreak_actions",
        "Remediation actions by kind and state (GET /api/incidents/{id}/actions)",
        List.of("kind", "state"),
        () -> {
          Map<List<String>, Double> values = new LinkedHashMap<>();
          for (Map.Entry<ActionKind, Map<ActionState, Long>> kind :
              store.remediations().counts().entrySet()) {
            for (Map.Entry<ActionState, Long> state : kind.getValue().entrySet()) {
              values.put(
                  List.of(kind.getKey().wireName(), state.getKey().wireName()),
                  state.getValue().doubleValue());
            }
          }
          return values;
        });
    metrics.gauge(
        "firebreak_actions_awaiting_answer",
        "Actions waiting for a person: approvals, and keep-or-roll-back after an inconclusive check",
        () -> count(store, true));
    metrics.gauge(
        "firebreak_remediation_paused",
        "1 while remediation is paused through the API",
        () -> store.remediations().paused().isPresent() ? 1 : 0);
  }

  private static double count(IncidentStore store, boolean awaiting) {
    double total = 0;
    for (Map<ActionState, Long> states : store.remediations().counts().values()) {
      for (Map.Entry<ActionState, Long> state : states.entrySet()) {
        if (state.getKey().awaitsAnswer() == awaiting) {
          total += state.getValue();
        }
      }
    }
    return total;
  }
}
