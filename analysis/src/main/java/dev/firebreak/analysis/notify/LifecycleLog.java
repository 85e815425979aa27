package dev.firebreak.analysis.notify;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.Source;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per change an on-call engineer cares about — opened, acknowledged, severity
 * changed, diagnosed with its likely cause, remediation steps and hand-overs, mitigated,
 * resolved, reopened — written once per event by the
 * notify consumer (so once across gateways sharing a store), with the incident id also as the
 * {@code incident.id} field for log shippers. The log is the channel every installation has.
 */
final class LifecycleLog {

  private static final Logger LOG = LoggerFactory.getLogger("dev.firebreak.incidents");
  private static final int CAUSES = 2;

  private LifecycleLog() {}

  static void log(IncidentEvent event, Incident incident, Optional<Diagnosis> diagnosis) {
    String line =
        switch (event.kind()) {
          case OPENED -> "opened: " + incident.title() + " (" + facts(incident) + ")";
          case DIAGNOSED -> "diagnosed: " + causes(diagnosis);
          case ACKNOWLEDGED,
              RESOLVED,
              REOPENED,
              SEVERITY_RAISED,
              SEVERITY_LOWERED,
              ACTION,
              HANDED_OVER,
              MITIGATED ->
              event.kind().wireName().replace('_', ' ') + ": " + event.detail();
          default -> null;
        };
    if (line == null) {
      return;
    }
    MDC.put("incident.id", Long.toString(incident.id()));
    try {
      LOG.info("incident {} {}", incident.id(), line);
    } finally {
      MDC.remove("incident.id");
    }
  }

  private static String facts(Incident incident) {
    String sources =
        incident.sources().stream()
            .map(Source::wireName)
            .sorted()
            .collect(Collectors.joining(", "));
    return incident.severity().wireName()
        + (incident.service().isEmpty() ? "" : ", service " + incident.service())
        + ", from "
        + sources;
  }

  private static String causes(Optional<Diagnosis> diagnosis) {
    List<Hypothesis> top =
        diagnosis
            .map(found -> found.hypotheses().stream().limit(CAUSES).toList())
            .orElse(List.of());
    if (top.isEmpty()) {
      return "no cause found";
    }
    return top.stream()
        .map(
            hypothesis ->
                hypothesis.cause().description()
                    + " ("
                    + Escalator.percent(hypothesis.confidence())
                    + (hypothesis.service().isEmpty() ? ")" : ") in " + hypothesis.service()))
        .collect(Collectors.joining("; then ", "likely ", ""));
  }
}
