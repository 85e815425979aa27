package dev.firebreak.integrations.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** What the notification senders share about talking to PagerDuty and Slack over HTTP. */
public final class ChannelHttp {

  private static final int ANSWER_CHARS = 500;

  private ChannelHttp() {}

  /**
   * A client on the gateway's connection pool with the channel's timeout. OkHttp would silently
   * send a POST again after a connection failure; here a retry is an attempt of its own,
   * counted and backed off.
   */
  public static OkHttpClient client(OkHttpClient shared, Duration timeout) {
    return shared
        .newBuilder()
        .callTimeout(timeout)
        .readTimeout(timeout)
        .retryOnConnectionFailure(false)
        .build();
  }

  /** The wait a 429 or 503 asks for, in seconds as both vendors send it. */
  public static Optional<Duration> retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The start of an answer: enough to say what was wrong, never the whole of a large body. */
  public static String start(ResponseBody body) throws IOException {
    if (body == null) {
      return "";
    }
    okio.BufferedSource source = body.source();
    source.request(ANSWER_CHARS);
    long size = Math.min(source.getBuffer().size(), ANSWER_CHARS);
    return source.getBuffer().readString(size, StandardCharsets.UTF_8);
  }
}
