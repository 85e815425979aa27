package dev.firebreak.integrations.http;

import dev.firebreak.analysis.model.RecordedExchange;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.EvidenceSourceException.Reason;
import dev.firebreak.analysis.port.ExchangeRecorder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One outside system's HTTP API as a source sees it: requests go to paths under the base URL
 * with the configured credentials; a non-2xx answer, an unreachable server, a timeout or an
 * answer over the size limit becomes an {@link EvidenceSourceException} that carries the
 * status and the start of the body, never the credentials. Every exchange is recorded.
 */
public final class SourceHttp {

  private static final int ERROR_BODY_CHARS = 300;
  private static final MediaType JSON = MediaType.get("application/json");

  private final String source;
  private final EndpointSettings settings;
  private final OkHttpClient client;

  /**
   * @param shared the gateway's one OkHttp client; this derives a client with the endpoint's
   *     timeout that shares its connection pool and threads
   */
  public SourceHttp(String source, EndpointSettings settings, OkHttpClient shared) {
    this.source = source;
    this.settings = settings;
    this.client =
        shared.newBuilder().callTimeout(settings.timeout()).readTimeout(settings.timeout()).build();
  }

  public String source() {
    return source;
  }

  public EndpointSettings settings() {
    return settings;
  }

  /** A URL builder for {@code path} (relative, no leading slash) under the base URL. */
  public HttpUrl.Builder url(String path) {
    HttpUrl resolved = settings.baseUrl().resolve(path);
    if (resolved == null) {
      throw new IllegalArgumentException("bad path " + path);
    }
    return resolved.newBuilder();
  }

  /** A successful answer: its body as text and its content type. */
  public record Answer(int status, String contentType, String body) {}

  public Answer get(HttpUrl url, long maxBytes, ExchangeRecorder recorder) {
    return send(new Request.Builder().url(url).get(), url, "", maxBytes, recorder);
  }

  public Answer postJson(HttpUrl url, String json, long maxBytes, ExchangeRecorder recorder) {
    return send(
        new Request.Builder().url(url).post(RequestBody.create(json, JSON)),
        url,
        json,
        maxBytes,
        recorder);
  }

  private Answer send(
      Request.Builder builder,
      HttpUrl url,
      String requestBody,
      long maxBytes,
      ExchangeRecorder recorder) {
    if (settings.bearerToken() != null) {
      builder.header("Authorization", "Bearer " + settings.bearerToken());
    } else if (settings.username() != null) {
      builder.header(
          "Authorization",
          Credentials.basic(settings.username(), settings.password(), StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, String> header : settings.headers().entrySet()) {
      builder.header(header.getKey(), header.getValue());
    }
    Request request = builder.build();
    String method = request.method();
    String target = target(url);
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      String contentType =
          body == null || body.contentType() == null ? "" : body.contentType().toString();
      String text = body == null ? "" : read(body.source(), maxBytes, method, target, recorder);
      recorder.record(
          new RecordedExchange(
              source, method, target, requestBody, response.code(), contentType, text, ""));
      if (!response.isSuccessful()) {
        throw new EvidenceSourceException(
            source,
            Reason.HTTP_ERROR,
            response.code(),
            "HTTP "
                + response.code()
                + " from "
                + method
                + " "
                + pathOf(target)
                + ": "
                + abbreviate(text));
      }
      return new Answer(response.code(), contentType, text);
    } catch (InterruptedIOException e) {
      recorder.record(
          new RecordedExchange(source, method, target, requestBody, 0, "", "", "timed out"));
      throw new EvidenceSourceException(
          source,
          Reason.TIMEOUT,
          0,
          "no answer to "
              + method
              + " "
              + pathOf(target)
              + " within "
              + settings.timeout().toMillis()
              + " ms");
    } catch (IOException e) {
      recorder.record(
          new RecordedExchange(
              source, method, target, requestBody, 0, "", "", e.getClass().getSimpleName()));
      throw new EvidenceSourceException(
          source,
          Reason.UNREACHABLE,
          0,
          "cannot reach "
              + settings.baseUrl().host()
              + ":"
              + settings.baseUrl().port()
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    }
  }

  private String read(
      BufferedSource body, long maxBytes, String method, String target, ExchangeRecorder recorder)
      throws IOException {
    if (body.request(maxBytes + 1)) {
      recorder.record(
          new RecordedExchange(
              source, method, target, "", 0, "", "", "answer larger than " + maxBytes + " bytes"));
      throw new EvidenceSourceException(
          source,
          Reason.TOO_LARGE,
          200,
          "the answer to "
              + method
              + " "
              + pathOf(target)
              + " is larger than "
              + maxBytes
              + " bytes");
    }
    Buffer buffer = body.getBuffer();
    return buffer.readString(StandardCharsets.UTF_8);
  }

  /** The path and query relative to the base URL, as bundles record and replay match them. */
  public String target(HttpUrl url) {
    String base = settings.baseUrl().encodedPath();
    String path = url.encodedPath();
    String relative = path.startsWith(base) ? path.substring(base.length()) : path;
    return url.encodedQuery() == null ? relative : relative + "?" + url.encodedQuery();
  }

  private static String pathOf(String target) {
    int query = target.indexOf('?');
    return "/" + (query < 0 ? target : target.substring(0, query));
  }

  /** The start of an error body on one line, enough to say what went wrong. */
  public static String abbreviate(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    if (line.isEmpty()) {
      return "(empty body)";
    }
    return line.length() <= ERROR_BODY_CHARS ? line : line.substring(0, ERROR_BODY_CHARS) + "…";
  }
}
