package dev.firebreak.analysis.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.Outbox.Decision;
import dev.firebreak.analysis.port.Outbox.Draft;
import dev.firebreak.analysis.port.Outbox.PageState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy as a table: which event, severity, diagnosis and page state pages whom, when. */
class EscalatorTest {

  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  static Incident incident(Severity severity, Set<Source> sources) {
    return incident(severity, sources, "checkout", Map.of("service", "checkout"));
  }

  static Incident incident(
      Severity severity, Set<Source> sources, String service, Map<String, String> labels) {
    return new Incident(
        7,
        "Checkout errors",
        IncidentStatus.OPEN,
        severity,
        service,
        labels,
        sources,
        NOW,
        NOW,
        NOW,
        null,
        null,
        2);
  }

  static Optional<Diagnosis> diagnosis(String cause, double confidence) {
    if (cause.equals("-")) {
      return Optional.empty();
    }
    return Optional.of(
        new Diagnosis(
            7,
            1,
            NOW,
            "rules",
            List.of(),
            List.of(),
            List.of(),
            List.of(
                new Hypothesis(
                    RootCause.fromWireName(cause), "checkout", confidence, "why", List.of())),
            Severity.HIGH,
            List.of()));
  }

  /** What the decision asks for, as "channel:action@delay" words, sorted. */
  static String drafts(Decision decision) {
    return decision.drafts().stream()
        .map(
            (Draft draft) ->
                draft.channel().wireName()
                    + ":"
                    + draft.action().wireName()
                    + (draft.dueAt().isAfter(NOW)
                        ? "@" + Duration.between(NOW, draft.dueAt()).toMinutes() + "m"
                        : ""))
        .sorted()
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "{0} {1} ({2}, diagnosis {3} {4}, paged {5}) -> {6}")
  @CsvSource(
      delimiter = '|',
      value = {
        // event     | severity | source       | cause              | conf | paged     | messages
        "opened      | critical | alertmanager | -                  | 0    | NONE      | pagerduty:trigger slack:post",
        "opened      | high     | alertmanager | -                  | 0    | NONE      | pagerduty:trigger@5m slack:post",
        "opened      | warning  | alertmanager | -                  | 0    | NONE      | slack:post",
        "opened      | info     | alertmanager | -                  | 0    | NONE      | ''",
        "opened      | critical | pagerduty    | -                  | 0    | NONE      | slack:post",
        "diagnosed   | high     | alertmanager | bad_deploy         | 0.3  | SCHEDULED | pagerduty:trigger slack:reply slack:update",
        "diagnosed   | high     | alertmanager | unknown            | 0.9  | SCHEDULED | pagerduty:trigger slack:reply slack:update",
        "diagnosed   | high     | alertmanager | bad_deploy         | 0.9  | SCHEDULED | slack:reply slack:update",
        "diagnosed   | high     | alertmanager | memory_leak        | 0.9  | SCHEDULED | pagerduty:trigger slack:reply slack:update",
        "diagnosed   | critical | alertmanager | bad_deploy         | 0.9  | OPEN      | pagerduty:trigger slack:reply slack:update",
        "diagnosed   | warning  | alertmanager | bad_deploy         | 0.2  | NONE      | slack:reply slack:update",
        "acknowledged| critical | alertmanager | -                  | 0    | OPEN      | pagerduty:acknowledge slack:reply slack:update",
        "acknowledged| high     | alertmanager | -                  | 0    | SCHEDULED | slack:reply slack:update",
        "resolved    | critical | alertmanager | -                  | 0    | OPEN      | pagerduty:resolve slack:reply slack:update",
        "resolved    | warning  | alertmanager | -                  | 0    | NONE      | slack:reply slack:update",
        "reopened    | critical | alertmanager | -                  | 0    | NONE      | pagerduty:trigger slack:reply slack:update",
        "severity_raised | critical | alertmanager | -              | 0    | NONE      | pagerduty:trigger slack:reply slack:update",
        "severity_raised | critical | alertmanager | -              | 0    | OPEN      | slack:reply slack:update",
        "severity_raised | critical | alertmanager | -              | 0    | SCHEDULED | pagerduty:trigger slack:reply slack:update",
        "severity_raised | high     | alertmanager | -              | 0    | SCHEDULED | slack:reply slack:update",
        "unacknowledged  | high     | alertmanager | -              | 0    | NONE      | pagerduty:trigger@5m slack:reply slack:update",
        "unacknowledged  | critical | alertmanager | -              | 0    | OPEN      | slack:reply slack:update",
        "signal      | critical | alertmanager | -                  | 0    | OPEN      | slack:update",
        "escalated   | critical | alertmanager | -                  | 0    | OPEN      | slack:reply",
        "investigated| critical | alertmanager | -                  | 0    | OPEN      | ''",
      })
  void decides(
      String event,
      String severity,
      String source,
      String cause,
      double confidence,
      PageState paged,
      String expected) {
    // bad_deploy has a playbook in this table; memory_leak does not.
    Escalator escalator =
        new Escalator(
            EscalationPolicy.defaults(Optional.of("default"), Optional.of("C0INCIDENTS")),
            true,
            found -> found == RootCause.BAD_DEPLOY);
    IncidentEventKind kind = IncidentEventKind.fromWireName(event);
    Decision decision =
        escalator.decide(
            new IncidentEvent(1, 7, kind, NOW, NOW, event + " detail", null, null),
            incident(Severity.fromWireName(severity), Set.of(Source.fromWireName(source))),
            diagnosis(cause, confidence),
            (id, target) -> paged,
            NOW);
    assertThat(drafts(decision)).isEqualTo(expected);
    assertThat(decision.cancelScheduled())
        .isEqualTo(
            paged == PageState.SCHEDULED
                && (event.equals("acknowledged") || event.equals("resolved")));
  }

  @ParameterizedTest
  @CsvSource({
    "critical, paging PagerDuty (default): critical pages at once, posts to Slack",
    "high, will be paged at 10:05 UTC unless the incident is acknowledged or resolved first"
  })
  void everyPageDecision_isATimelineEntrySayingWhy(String severity, String why) {
    Escalator escalator =
        new Escalator(
            EscalationPolicy.defaults(Optional.of("default"), Optional.empty()), true, c -> false);
    Decision decision =
        escalator.decide(
            new IncidentEvent(1, 7, IncidentEventKind.OPENED, NOW, NOW, "opened", null, null),
            incident(Severity.fromWireName(severity), Set.of(Source.ALERTMANAGER)),
            Optional.empty(),
            (id, target) -> PageState.NONE,
            NOW);
    assertThat(decision.timeline())
        .singleElement()
        .satisfies(entry -> assertThat(entry.message()).contains(why));
  }

  @org.junit.jupiter.api.Test
  void anIncidentNamingNoService_isDecidedByTheDefaultRules() {
    Escalator escalator =
        new Escalator(
            EscalationPolicy.defaults(Optional.of("default"), Optional.of("C0INCIDENTS")),
            true,
            c -> false);
    // Alerts without a service label open an incident that names none.
    Incident withoutService =
        incident(Severity.CRITICAL, Set.of(Source.ALERTMANAGER), null, Map.of("instance", "db-1"));
    Decision decision =
        escalator.decide(
            new IncidentEvent(1, 7, IncidentEventKind.OPENED, NOW, NOW, "opened", null, null),
            withoutService,
            Optional.empty(),
            (id, target) -> PageState.NONE,
            NOW);
    assertThat(drafts(decision)).isEqualTo("pagerduty:trigger slack:post");
  }

  @ParameterizedTest
  @CsvSource({"opened", "reopened"})
  void withoutARoutingKey_theDecisionStillReachesTheTimeline(String event) {
    Escalator escalator =
        new Escalator(
            EscalationPolicy.defaults(Optional.empty(), Optional.empty()), true, c -> false);
    Decision decision =
        escalator.decide(
            new IncidentEvent(
                1, 7, IncidentEventKind.fromWireName(event), NOW, NOW, event, null, null),
            incident(Severity.CRITICAL, Set.of(Source.ALERTMANAGER)),
            Optional.empty(),
            (id, target) -> PageState.NONE,
            NOW);
    assertThat(decision.drafts()).isEmpty();
    assertThat(decision.timeline().get(0).message())
        .startsWith("would page, but no PagerDuty routing key is configured: ")
        .endsWith("critical pages at once, posts to Slack");
  }
}
