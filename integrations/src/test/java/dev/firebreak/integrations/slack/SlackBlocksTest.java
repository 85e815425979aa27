package dev.firebreak.integrations.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.NotificationSender.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whatever an alert says, the message stays within Slack's Block Kit limits and escapes. */
class SlackBlocksTest {

  static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void hugeTextsAreCutToSlacksLimits_andMarkupIsEscaped() {
    String huge = "<!channel> & " + "x".repeat(10_000);
    Incident incident =
        new Incident(
            42,
            huge,
            IncidentStatus.OPEN,
            Severity.CRITICAL,
            "svc<" + "y".repeat(5000),
            Map.of(),
            Set.of(Source.ALERTMANAGER, Source.DATADOG),
            T,
            T,
            T,
            null,
            null,
            3);
    List<Hypothesis> hypotheses =
        List.of(
            new Hypothesis(RootCause.BAD_DEPLOY, "checkout", 0.72, huge, List.of()),
            new Hypothesis(RootCause.MEMORY_LEAK, "checkout", 0.2, huge, List.of()),
            new Hypothesis(RootCause.TRAFFIC_SURGE, "", 0.1, huge, List.of()),
            new Hypothesis(RootCause.DISK_FULL, "", 0.05, huge, List.of()));
    Diagnosis diagnosis =
        new Diagnosis(
            42,
            1,
            T,
            "rules",
            List.of(),
            List.of(),
            List.of(),
            hypotheses,
            Severity.CRITICAL,
            List.of());
    ArrayNode blocks =
        SlackBlocks.incident(
            new Context(
                new IncidentDetail(incident, List.of(), List.of()),
                Optional.of(diagnosis),
                Optional.of("https://firebreak.example.test/api/incidents/42"),
                Optional.empty()),
            true,
            Optional.of(huge));
    assertThat(blocks.size()).isLessThanOrEqualTo(50);
    for (JsonNode block : blocks) {
      switch (block.get("type").asText()) {
        case "header" ->
            assertThat(block.get("text").get("text").asText()).hasSizeLessThanOrEqualTo(150);
        case "section" -> {
          if (block.has("text")) {
            assertThat(block.get("text").get("text").asText()).hasSizeLessThanOrEqualTo(3000);
            assertThat(block.get("text").get("text").asText()).doesNotContain("<!channel>");
          }
          if (block.has("fields")) {
            for (JsonNode field : block.get("fields")) {
              assertThat(field.get("text").asText()).hasSizeLessThanOrEqualTo(2000);
            }
          }
        }
        case "context", "actions" -> assertThat(block.get("elements").size()).isBetween(1, 10);
        default -> throw new AssertionError(block.toString());
      }
    }
    String text = blocks.toString();
    assertThat(text).contains("1. *bad deploy or config change* in checkout — 72 %");
    assertThat(text).doesNotContain("disk full");
    assertThat(text).contains("&lt;!channel&gt; &amp;");
    assertThat(SlackBlocks.fallback(incident)).hasSizeLessThanOrEqualTo(3000);
  }

  @Test
  void actionsAwaitingAnAnswerGetApproveAndReject_orKeepAndRollBack_withTheirPlan() {
    Incident incident =
        new Incident(
            42,
            "Checkout errors",
            IncidentStatus.ACKNOWLEDGED,
            Severity.CRITICAL,
            "checkout",
            Map.of(),
            Set.of(Source.ALERTMANAGER),
            T,
            T,
            T,
            T,
            null,
            1);
    dev.firebreak.analysis.model.RemediationAction approval =
        action(7, dev.firebreak.analysis.model.ActionState.AWAITING_APPROVAL, "revision 5 → 4 <b>");
    dev.firebreak.analysis.model.RemediationAction inconclusive =
        action(8, dev.firebreak.analysis.model.ActionState.INCONCLUSIVE, null);
    ArrayNode blocks =
        SlackBlocks.incident(
            new Context(
                new IncidentDetail(incident, List.of(), List.of()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(approval, inconclusive)),
            true,
            Optional.empty());
    String text = blocks.toString();
    assertThat(text)
        .contains("\"action_id\":\"action.approve\"")
        .contains("\"value\":\"42/7\"")
        .contains("\"value\":\"42/8\"")
        .contains("Approve rollout_undo shop/checkout?")
        .contains("revision 5 → 4 &lt;b&gt;")
        .contains("\"Keep\"")
        .contains("\"Roll back\"")
        .doesNotContain(SlackBlocks.ACKNOWLEDGE);
    ArrayNode without =
        SlackBlocks.incident(
            new Context(
                new IncidentDetail(incident, List.of(), List.of()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(approval)),
            false,
            Optional.empty());
    assertThat(without.toString())
        .as("an incoming webhook gets no buttons")
        .doesNotContain("action.approve");
  }

  static dev.firebreak.analysis.model.RemediationAction action(
      long id, dev.firebreak.analysis.model.ActionState state, String plan) {
    return new dev.firebreak.analysis.model.RemediationAction(
        id,
        42,
        1,
        "bad-deploy",
        0,
        dev.firebreak.analysis.model.ActionKind.ROLLOUT_UNDO,
        "shop/checkout",
        dev.firebreak.analysis.model.Risk.MEDIUM,
        Map.of(),
        state,
        false,
        plan,
        Map.of(),
        List.of("carol"),
        Optional.empty(),
        List.of(),
        null,
        T.plusSeconds(900),
        null,
        T,
        T);
  }
}
