package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The object mother for signals in store tests. */
final class TestSignals {

  static final Instant T0 = Instant.parse("2026-11-21T10:00:00.123456Z");

  private TestSignals() {}

  static Signal firing(
      Source source, String group, String alert, Instant startsAt, Map<String, String> labels) {
    return signal(
        source, group, alert, SignalStatus.FIRING, startsAt, null, labels, Severity.WARNING);
  }

  static Signal resolved(
      Source source,
      String group,
      String alert,
      Instant startsAt,
      Instant endsAt,
      Map<String, String> labels) {
    return signal(
        source, group, alert, SignalStatus.RESOLVED, startsAt, endsAt, labels, Severity.WARNING);
  }

  static Signal signal(
      Source source,
      String group,
      String alert,
      SignalStatus status,
      Instant startsAt,
      Instant endsAt,
      Map<String, String> labels,
      Severity severity) {
    Map<String, String> all = new HashMap<>(labels);
    all.putIfAbsent("alertname", alert);
    return new Signal(
        source,
        alert + "|" + startsAt + "|" + status.wireName(),
        group,
        alert,
        status,
        status.wireName(),
        severity,
        "summary of " + alert,
        all,
        Map.of("description", "d"),
        Map.of("generatorURL", "http://prom/graph"),
        startsAt,
        endsAt,
        0);
  }
}
