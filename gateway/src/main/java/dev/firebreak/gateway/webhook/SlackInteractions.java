package dev.firebreak.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.correlate.IllegalTransitionException;
import dev.firebreak.analysis.correlate.ManualTransitions;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.StoreUnavailableException;
import dev.firebreak.analysis.remediate.Remediator;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.http.ApiException;
import dev.firebreak.integrations.slack.SlackBlocks;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/slack/interactions}: button clicks on incident messages. The signature
 * is checked on the raw body before anything is parsed; the clicking Slack user must be mapped
 * to a person ({@code escalation.slack.users}), and the click goes to the same transitions as
 * the API. Slack wants an answer within 3 s and redelivers nothing, so the work is one store
 * write and what the user should read comes back through the payload's {@code response_url}
 * (ephemeral); the incident's message itself is redrawn by the notifications that follow the
 * change. A repeated click (a replay, two people) changes nothing the second time.
 */
public final class SlackInteractions {

  private static final Logger LOG = LoggerFactory.getLogger(SlackInteractions.class);
  private final Remediator remediator;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** Slack's click payloads carry the message clicked (a few KiB for Firebreak's); more is not Slack. */
  static final long MAX_BODY_BYTES = 128 * 1024;

  private final Optional<SlackSignature> signature;
  private final BodyReader bodies;
  private final Map<String, String> users;
  private final IncidentStore store;
  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Clock clock;

  private SlackInteractions(
      GatewayConfig config,
      IncidentStore store,
      OkHttpClient http,
      ObjectMapper json,
      Clock clock,
      BodyReader bodies,
      Remediator remediator) {
    this.remediator = remediator;
    this.bodies = bodies;
    this.signature = config.notifications().slackSigningSecret().map(SlackSignature::new);
    this.users = config.notifications().slackUsers();
    this.store = store;
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  public static void mount(
      JavalinDefaultRoutingApi app,
      GatewayConfig config,
      IncidentStore store,
      OkHttpClient http,
      ObjectMapper json,
      Clock clock,
      WebhookRoutes webhooks,
      Remediator remediator) {
    SlackInteractions interactions =
        new SlackInteractions(config, store, http, json, clock, webhooks.bodies(), remediator);
    app.post("/webhooks/slack/interactions", interactions::handle);
  }

  private void handle(Context ctx) {
    if (signature.isEmpty()) {
      throw ApiException.forbidden(
          "Slack interactivity is not configured: set FIREBREAK_SLACK_SIGNING_SECRET");
    }
    WebhookAuth.BodyCheck check =
        signature
            .get()
            .check(
                ctx.header(SlackSignature.TIMESTAMP),
                ctx.header(SlackSignature.SIGNATURE),
                clock.instant());
    byte[] body;
    // Read within the bounds every signed sender shares, as far as MAX_BODY_BYTES, then checked.
    try (BodyReader.Body read = bodies.read(ctx, MAX_BODY_BYTES, check)) {
      body = read.bytes();
    }
    check.verify();
    String type = ctx.contentType() == null ? "" : ctx.contentType();
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      throw ApiException.unsupportedMediaType(type);
    }
    JsonNode payload = payload(new String(body, StandardCharsets.UTF_8));
    if (!"block_actions".equals(payload.path("type").asText())) {
      ctx.status(200);
      return;
    }
    String userId = payload.path("user").path("id").asText("");
    String responseUrl = payload.path("response_url").asText("");
    JsonNode actions = payload.path("actions");
    if (!actions.isArray() || actions.isEmpty()) {
      throw ApiException.badRequest("block_actions payload without actions");
    }
    for (JsonNode action : actions) {
      String said = act(action, userId);
      if (said != null) {
        tell(responseUrl, said);
      }
    }
    ctx.status(200);
  }

  /** Does what one click asks for; returns what the clicking user should read, if anything. */
  private String act(JsonNode action, String userId) {
    String actionId = action.path("action_id").asText("");
    if (actionId.equals(SlackBlocks.APPROVE) || actionId.equals(SlackBlocks.REJECT)) {
      return answer(actionId, action.path("value").asText(""), userId);
    }
    if (!actionId.equals(SlackBlocks.ACKNOWLEDGE)) {
      return "Firebreak does not know the action " + abbreviate(actionId) + ".";
    }
    long incidentId;
    try {
      incidentId = Long.parseLong(action.path("value").asText(""));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("action " + actionId + ": value is not an incident id");
    }
    String person = users.get(userId);
    if (person == null) {
      LOG.info("incident {}: Slack user {} may not acknowledge (not mapped)", incidentId, userId);
      return "You may not acknowledge incidents from Slack: your Slack user ID "
          + abbreviate(userId)
          + " is not in escalation.slack.users of Firebreak's response file.";
    }
    String by = person + " (Slack)";
    try {
      Optional<?> changed =
          store
              .incidents()
              .update(
                  incidentId,
                  incident -> ManualTransitions.acknowledge(incident, clock.instant(), by, null));
      if (changed.isEmpty()) {
        return "Incident " + incidentId + " no longer exists.";
      }
      LOG.info("incident {}: acknowledged from Slack by {}", incidentId, person);
      return null;
    } catch (IllegalTransitionException e) {
      return "Nothing to do: " + e.getMessage() + ".";
    } catch (StoreUnavailableException e) {
      throw ApiException.unavailable("the incident store is unavailable; try again");
    }
  }

  /**
   * An approve or reject click on a remediation action: the same answer as the API's, from the
   * Slack user's mapped name, which must be one of the action's approvers.
   */
  private String answer(String actionId, String value, String userId) {
    int slash = value.indexOf('/');
    long incidentId;
    long remediationId;
    try {
      incidentId = Long.parseLong(value.substring(0, Math.max(slash, 0)));
      remediationId = Long.parseLong(value.substring(slash + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw ApiException.badRequest("action " + actionId + ": value is not <incident>/<action>");
    }
    String person = users.get(userId);
    if (person == null) {
      LOG.info("incident {}: Slack user {} may not answer (not mapped)", incidentId, userId);
      return "You may not answer for remediation actions from Slack: your Slack user ID "
          + abbreviate(userId)
          + " is not in escalation.slack.users of Firebreak's response file.";
    }
    Remediator.Answer answer;
    try {
      answer =
          actionId.equals(SlackBlocks.APPROVE)
              ? remediator.approve(incidentId, remediationId, person, "from Slack")
              : remediator.reject(incidentId, remediationId, person, "from Slack");
    } catch (StoreUnavailableException e) {
      throw ApiException.unavailable("the incident store is unavailable; try again");
    }
    if (answer instanceof Remediator.Answer.NotFound missing) {
      return missing.message() + ".";
    }
    if (answer instanceof Remediator.Answer.Forbidden refused) {
      return refused.message() + ".";
    }
    if (answer instanceof Remediator.Answer.Conflict conflict) {
      return "Nothing to do: " + conflict.message() + ".";
    }
    LOG.info("incident {}: action {} answered from Slack by {}", incidentId, remediationId, person);
    return null;
  }

  private JsonNode payload(String form) {
    String encoded = null;
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (name.equals("payload")) {
        encoded = equals < 0 ? "" : pair.substring(equals + 1);
      }
    }
    if (encoded == null) {
      throw ApiException.badRequest("form body without a payload field");
    }
    try {
      JsonNode payload = json.readTree(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
      if (payload == null || !payload.isObject()) {
        throw ApiException.badRequest("payload is not a JSON object");
      }
      return payload;
    } catch (IOException | IllegalArgumentException e) {
      throw ApiException.badRequest("payload is not valid JSON");
    }
  }

  /** An ephemeral message to the clicking user, sent without holding up the answer to Slack. */
  private void tell(String responseUrl, String text) {
    if (!responseUrl.startsWith("https://") && !responseUrl.startsWith("http://")) {
      return;
    }
    String body =
        json.createObjectNode()
            .put("response_type", "ephemeral")
            .put("replace_original", false)
            .put("text", text)
            .toString();
    Request request =
        new Request.Builder().url(responseUrl).post(RequestBody.create(body, JSON)).build();
    http.newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                LOG.info("Slack response_url unreachable: {}", e.getClass().getSimpleName());
              }

              @Override
              public void onResponse(Call call, Response response) {
                response.close();
              }
            });
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
