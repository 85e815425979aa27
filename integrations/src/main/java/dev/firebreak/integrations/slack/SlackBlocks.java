package dev.firebreak.integrations.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.port.NotificationSender.Context;
import java.util.Optional;

/**
 * The Block Kit message of an incident: title, severity, status, service, the likely causes
 * with their confidence and evidence, and an Acknowledge button while the incident is open.
 * Every text is cut to Slack's limits (header 150, section 3000, field 2000, button 75), so a
 * long alert never makes Slack refuse the message.
 */
public final class SlackBlocks {

  /** The button that acknowledges the incident; its value is the incident id. */
  public static final String ACKNOWLEDGE = "incident.acknowledge";

  /**
   * Approves a remediation action (or keeps one whose verification was inconclusive); its value
   * is {@code <incident id>/<action id>}.
   */
  public static final String APPROVE = "action.approve";

  /** Rejects a remediation action (or rolls back an inconclusive one); value as {@link #APPROVE}. */
  public static final String REJECT = "action.reject";

  /** Actions shown with buttons at most, within Slack's 50 blocks. */
  private static final int MOST_ACTIONS = 3;

  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int BUTTON_MAX = 75;
  private static final int CAUSES = 3;
  private static final int EXPLANATION_MAX = 600;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SlackBlocks() {}

  /** The notification text Slack shows where blocks cannot be shown. */
  public static String fallback(Incident incident) {
    return cut(
        "["
            + incident.severity().wireName()
            + "] Incident "
            + incident.id()
            + ": "
            + escape(incident.title())
            + " ("
            + incident.status().wireName()
            + ")",
        SECTION_MAX);
  }

  /**
   * @param buttons whether to add the Acknowledge button (only a Slack app receives clicks)
   * @param step a line saying what just happened, for messages that are not updated in place
   */
  public static ArrayNode incident(Context context, boolean buttons, Optional<String> step) {
    Incident incident = context.incident().incident();
    ArrayNode blocks = NODES.arrayNode();
    blocks
        .addObject()
        .put("type", "header")
        .set(
            "text",
            plain(
                cut(
                    statusMark(incident.status()) + " " + incident.id() + " · " + incident.title(),
                    HEADER_MAX)));
    step.ifPresent(text -> blocks.add(section(cut(escape(text), SECTION_MAX))));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    fields.add(mrkdwn(cut("*Severity*\n" + incident.severity().wireName(), FIELD_MAX)));
    fields.add(mrkdwn(cut("*Status*\n" + incident.status().wireName(), FIELD_MAX)));
    if (!incident.service().isEmpty()) {
      fields.add(mrkdwn(cut("*Service*\n" + escape(incident.service()), FIELD_MAX)));
    }
    fields.add(
        mrkdwn(
            "*Opened*\n<!date^"
                + incident.openedAt().getEpochSecond()
                + "^{date_short_pretty} {time}|"
                + incident.openedAt()
                + ">"));
    context.diagnosis().ifPresent(diagnosis -> causes(blocks, diagnosis));
    ArrayNode context2 = NODES.arrayNode();
    context2.add(
        mrkdwn(
            cut(
                incident.signalCount()
                    + " signal(s) from "
                    + String.join(
                        ", ",
                        incident.sources().stream()
                            .map(source -> source.wireName())
                            .sorted()
                            .toList()),
                FIELD_MAX)));
    context
        .incidentUrl()
        .ifPresent(url -> context2.add(mrkdwn("<" + url + "|Incident in Firebreak>")));
    blocks.addObject().put("type", "context").set("elements", context2);
    if (buttons) {
      awaiting(blocks, incident, context.awaiting());
    }
    if (buttons && incident.status() == IncidentStatus.OPEN) {
      ObjectNode actions =
          blocks.addObject().put("type", "actions").put("block_id", "incident:" + incident.id());
      ArrayNode elements = actions.putArray("elements");
      elements
          .addObject()
          .put("type", "button")
          .put("action_id", ACKNOWLEDGE)
          .put("style", "primary")
          .put("value", Long.toString(incident.id()))
          .set("text", plain(cut("Acknowledge", BUTTON_MAX)));
    }
    return blocks;
  }

  /** Each action waiting for a person, with what it would change and its two buttons. */
  private static void awaiting(
      ArrayNode blocks,
      Incident incident,
      java.util.List<dev.firebreak.analysis.model.RemediationAction> awaiting) {
    for (dev.firebreak.analysis.model.RemediationAction action :
        awaiting.stream().limit(MOST_ACTIONS).toList()) {
      boolean approval =
          action.state() == dev.firebreak.analysis.model.ActionState.AWAITING_APPROVAL;
      String what = action.kind().wireName() + " " + action.target();
      String line =
          (approval
                  ? "*Approve " + escape(what) + "?* (" + action.risk().wireName() + " risk)"
                  : "*Keep " + escape(what) + "?* Its verification was inconclusive.")
              + (action.plan() == null ? "" : "\n" + escape(action.plan()))
              + (action.expiresAt() == null
                  ? ""
                  : "\nExpires <!date^"
                      + action.expiresAt().getEpochSecond()
                      + "^{time}|"
                      + action.expiresAt()
                      + ">");
      blocks.add(section(cut(line, SECTION_MAX)));
      String value = incident.id() + "/" + action.id();
      ObjectNode row =
          blocks.addObject().put("type", "actions").put("block_id", "action:" + action.id());
      ArrayNode elements = row.putArray("elements");
      elements
          .addObject()
          .put("type", "button")
          .put("action_id", APPROVE)
          .put("style", "primary")
          .put("value", value)
          .set("text", plain(cut(approval ? "Approve" : "Keep", BUTTON_MAX)));
      elements
          .addObject()
          .put("type", "button")
          .put("action_id", REJECT)
          .put("style", "danger")
          .put("value", value)
          .set("text", plain(cut(approval ? "Reject" : "Roll back", BUTTON_MAX)));
    }
  }

  private static void causes(ArrayNode blocks, Diagnosis diagnosis) {
    StringBuilder text = new StringBuilder("*Likely causes*");
    int shown = 0;
    for (Hypothesis hypothesis : diagnosis.hypotheses()) {
      if (shown == CAUSES) {
        break;
      }
      shown++;
      text.append('\n')
          .append(shown)
          .append(". *")
          .append(hypothesis.cause().description())
          .append('*');
      if (!hypothesis.service().isEmpty()) {
        text.append(" in ").append(escape(hypothesis.service()));
      }
      text.append(" — ").append(Math.round(hypothesis.confidence() * 100)).append(" %");
      if (hypothesis.cause() != RootCause.UNKNOWN || !hypothesis.explanation().isEmpty()) {
        text.append("\n      ").append(escape(cut(hypothesis.explanation(), EXPLANATION_MAX)));
      }
    }
    if (shown == 0) {
      text.append("\nno cause found yet");
    }
    blocks.add(section(cut(text.toString(), SECTION_MAX)));
  }

  private static String statusMark(IncidentStatus status) {
    return switch (status) {
      case OPEN -> "🔴";
      case ACKNOWLEDGED -> "🟠";
      case RESOLVED -> "✅";
    };
  }

  static ObjectNode section(String mrkdwn) {
    ObjectNode section = NODES.objectNode().put("type", "section");
    section.set("text", mrkdwn(mrkdwn));
    return section;
  }

  private static ObjectNode plain(String text) {
    return NODES.objectNode().put("type", "plain_text").put("text", text).put("emoji", true);
  }

  private static ObjectNode mrkdwn(String text) {
    return NODES.objectNode().put("type", "mrkdwn").put("text", text);
  }

  /** Slack's mrkdwn escapes: the three characters that start links and mentions. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }
}
