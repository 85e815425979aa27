package dev.firebreak.integrations.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.Notification;
import dev.firebreak.analysis.model.Notification.Channel;
import dev.firebreak.analysis.port.NotificationSender;
import dev.firebreak.integrations.notify.ChannelHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Slack through an incoming webhook: every step is a message of its own (a webhook cannot update
 * a message or thread a reply, and its messages carry no buttons). The URL is the credential:
 * it is never logged. Slack answers 200 {@code ok}; any other status is an error in plain text
 * ({@code invalid_payload}, {@code channel_not_found}, {@code no_service}, …), retried only on
 * 429 and 5xx.
 */
public final class SlackIncomingWebhook implements NotificationSender {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient client;
  private final String url;
  private final ObjectMapper json = new ObjectMapper();

  public SlackIncomingWebhook(OkHttpClient shared, String url, Duration timeout) {
    this.client = ChannelHttp.client(shared, timeout);
    this.url = url;
  }

  @Override
  public Channel channel() {
    return Channel.SLACK;
  }

  @Override
  public boolean knows(String target) {
    return true;
  }

  @Override
  public Delivery send(Notification message, Context context) {
    ObjectNode body = json.createObjectNode();
    body.put(
        "text",
        SlackBlocks.fallback(context.incident().incident())
            + " — "
            + SlackBlocks.escape(message.text()));
    body.set("blocks", SlackBlocks.incident(context, false, Optional.of(message.text())));
    Request request;
    try {
      request =
          new Request.Builder()
              .url(url)
              .post(RequestBody.create(json.writeValueAsString(body), JSON))
              .build();
    } catch (IOException e) {
      return new Refused("message could not be written: " + e.getMessage(), Optional.empty());
    }
    try (Response response = client.newCall(request).execute()) {
      String answer = ChannelHttp.start(response.body()).trim();
      if (response.code() == 200) {
        return new Sent(answer, Optional.empty());
      }
      if (response.code() == 429) {
        return new Retry(
            "429 rate limited", ChannelHttp.retryAfter(response), true, Optional.empty());
      }
      if (response.code() >= 500) {
        return new Retry(
            response.code() + ": " + answer,
            ChannelHttp.retryAfter(response),
            false,
            Optional.empty());
      }
      return new Refused(response.code() + ": " + answer, Optional.empty());
    } catch (IOException e) {
      // The exception's message may hold the URL, which is the credential.
      return new Retry(
          "Slack webhook unreachable: " + e.getClass().getSimpleName(),
          Optional.empty(),
          false,
          Optional.empty());
    }
  }
}
