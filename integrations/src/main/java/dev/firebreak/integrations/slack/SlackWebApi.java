package dev.firebreak.integrations.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.Notification.Channel;
import dev.firebreak.analysis.port.NotificationSender;
import dev.firebreak.analysis.port.Outbox.SlackMessage;
import dev.firebreak.integrations.notify.ChannelHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Slack through a bot token: one message per incident and channel ({@code chat.postMessage}),
 * redrawn in place ({@code chat.update}, keeping its {@code ts}), each later step a reply in its
 * thread. Slack answers HTTP 200 with {@code ok:false} for most errors: those that a retry
 * cannot fix ({@code channel_not_found}, {@code not_in_channel}, {@code invalid_auth}, …) are
 * refused and shown, not retried; {@code ratelimited} and 429 slow the channel down, honouring
 * Retry-After.
 */
public final class SlackWebApi implements NotificationSender {

  public static final String DEFAULT_URL = "https://slack.com/api/";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** Errors Slack documents as passing: trying again later can work. */
  private static final Set<String> TRANSIENT =
      Set.of("internal_error", "fatal_error", "service_unavailable", "request_timeout");

  private final OkHttpClient client;
  private final String baseUrl;
  private final String token;
  private final ObjectMapper json = new ObjectMapper();

  public SlackWebApi(OkHttpClient shared, String baseUrl, String botToken, Duration timeout) {
    this.client = ChannelHttp.client(shared, timeout);
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    this.token = botToken;
  }

  @Override
  public Channel channel() {
    return Channel.SLACK;
  }

  @Override
  public boolean knows(String target) {
    return !target.isBlank();
  }

  @Override
  public Delivery send(Notification message, Context context) {
    Optional<SlackMessage> existing = context.slackMessage();
    switch (message.action()) {
      case POST, UPDATE -> {
        return existing.isPresent() ? update(existing.get(), context) : post(message, context);
      }
      case REPLY -> {
        Optional<SlackMessage> parent = existing;
        if (parent.isEmpty()) {
          Delivery posted = post(message, context);
          if (!(posted instanceof Sent)) {
            return posted;
          }
          parent = posted.slackMessage();
        }
        Delivery replied = reply(parent.get(), message.text());
        return existing.isPresent() ? replied : withMessage(replied, parent.get());
      }
      default -> {
        return new Refused("Slack does not " + message.action().wireName(), Optional.empty());
      }
    }
  }

  private Delivery post(Notification message, Context context) {
    ObjectNode body = json.createObjectNode();
    body.put("channel", message.target());
    body.put("text", SlackBlocks.fallback(context.incident().incident()));
    body.set("blocks", SlackBlocks.incident(context, true, Optional.empty()));
    body.put("unfurl_links", false);
    Delivery delivery = call("chat.postMessage", body);
    if (delivery instanceof Sent sent) {
      return new Sent(sent.response(), Optional.of(posted(sent.response())));
    }
    return delivery;
  }

  private Delivery update(SlackMessage existing, Context context) {
    ObjectNode body = json.createObjectNode();
    body.put("channel", existing.channelId());
    body.put("ts", existing.ts());
    body.put("text", SlackBlocks.fallback(context.incident().incident()));
    body.set("blocks", SlackBlocks.incident(context, true, Optional.empty()));
    return call("chat.update", body);
  }

  private Delivery reply(SlackMessage parent, String text) {
    ObjectNode body = json.createObjectNode();
    body.put("channel", parent.channelId());
    body.put("thread_ts", parent.ts());
    body.put("text", SlackBlocks.cut(SlackBlocks.escape(text), SlackBlocks.SECTION_MAX));
    body.put("unfurl_links", false);
    return call("chat.postMessage", body);
  }

  private Delivery call(String method, ObjectNode body) {
    String text;
    try {
      text = json.writeValueAsString(body);
    } catch (IOException e) {
      return new Refused("message could not be written: " + e.getMessage(), Optional.empty());
    }
    Request request =
        new Request.Builder()
            .url(baseUrl + method)
            .header("Authorization", "Bearer " + token)
            .post(RequestBody.create(text, JSON))
            .build();
    try (Response response = client.newCall(request).execute()) {
      String answer = ChannelHttp.start(response.body());
      if (response.code() == 429) {
        return new Retry(
            method + " 429 rate limited", ChannelHttp.retryAfter(response), true, Optional.empty());
      }
      if (response.code() >= 500) {
        return new Retry(
            method + " " + response.code() + ": " + answer,
            ChannelHttp.retryAfter(response),
            false,
            Optional.empty());
      }
      if (response.code() != 200) {
        return new Refused(method + " " + response.code() + ": " + answer, Optional.empty());
      }
      JsonNode parsed;
      try {
        parsed = json.readTree(answer);
      } catch (IOException e) {
        return new Retry(
            method + ": not a Slack answer: " + answer, Optional.empty(), false, Optional.empty());
      }
      if (parsed.path("ok").asBoolean(false)) {
        return new Sent(answer, Optional.empty());
      }
      String error = parsed.path("error").asText("unknown_error");
      if (error.equals("ratelimited")) {
        return new Retry(
            method + ": ratelimited", ChannelHttp.retryAfter(response), true, Optional.empty());
      }
      if (TRANSIENT.contains(error)) {
        return new Retry(method + ": " + error, Optional.empty(), false, Optional.empty());
      }
      return new Refused(method + ": " + error, Optional.empty());
    } catch (IOException e) {
      return new Retry(
          "Slack unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage(),
          Optional.empty(),
          false,
          Optional.empty());
    }
  }

  private SlackMessage posted(String answer) {
    try {
      JsonNode parsed = json.readTree(answer);
      return new SlackMessage(parsed.path("channel").asText(), parsed.path("ts").asText());
    } catch (IOException e) {
      throw new IllegalStateException("Slack answered ok without a message", e);
    }
  }

  private static Delivery withMessage(Delivery delivery, SlackMessage message) {
    Optional<SlackMessage> kept = Optional.of(message);
    if (delivery instanceof Sent sent) {
      return new Sent(sent.response(), kept);
    }
    if (delivery instanceof Retry retry) {
      return new Retry(retry.reason(), retry.retryAfter(), retry.throttled(), kept);
    }
    return new Refused(((Refused) delivery).reason(), kept);
  }
}
