package dev.firebreak.integrations.http;

import dev.firebreak.analysis.model.RecordedExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Answers sources' requests from recorded exchanges instead of the network, for replay. Each
 * source's base URL is {@link #baseUrl(String)}; a request is matched by source, method, path,
 * query and body. A request that was not recorded fails as an unreachable server would, and a
 * recorded failure (timeout, refused connection) fails the same way again.
 */
public final class RecordedAnswers implements Interceptor {

  private static final String HOST = "replay.invalid";

  private final Map<String, RecordedExchange> answers = new HashMap<>();

  public RecordedAnswers(List<RecordedExchange> exchanges) {
    for (RecordedExchange exchange : exchanges) {
      answers.putIfAbsent(
          key(exchange.source(), exchange.method(), exchange.target(), exchange.requestBody()),
          exchange);
    }
  }

  /** Where a source is pointed during replay. */
  public static String baseUrl(String source) {
    return "http://" + HOST + "/" + source + "/";
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl url = request.url();
    if (!url.host().equals(HOST) || url.pathSegments().isEmpty()) {
      throw new IOException("replay is offline: " + url.host() + " was not recorded");
    }
    String source = url.pathSegments().get(0);
    String path = url.encodedPath().substring(source.length() + 2);
    String target = url.encodedQuery() == null ? path : path + "?" + url.encodedQuery();
    String body = "";
    if (request.body() != null) {
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      body = buffer.readUtf8();
    }
    RecordedExchange exchange = answers.get(key(source, request.method(), target, body));
    if (exchange == null) {
      throw new IOException("not in the bundle: " + request.method() + " /" + target);
    }
    if (exchange.status() == 0) {
      if (exchange.error().contains("timed out")) {
        throw new InterruptedIOException("timeout (recorded)");
      }
      throw new IOException(exchange.error() + " (recorded)");
    }
    MediaType type =
        exchange.contentType().isEmpty() ? null : MediaType.parse(exchange.contentType());
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(exchange.status())
        .message("recorded")
        .body(ResponseBody.create(exchange.body(), type))
        .build();
  }

  private static String key(String source, String method, String target, String body) {
    return source + ' ' + method + ' ' + target + '\n' + body;
  }
}
