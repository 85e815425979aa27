package dev.firebreak.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.gateway.config.Setting;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The REST API as the command line uses it: a gateway URL and a token from the options or the
 * environment, and every failure (unreachable, refused token, no such incident) as one line.
 */
final class GatewayClient {

  /** A failure the command prints on one line and exits 2 for. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    Failure(String message) {
      this(message, 2);
    }

    /** @param exitCode 1: the answer is "no"; 2: the command could not be carried out */
    Failure(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    int exitCode() {
      return exitCode;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final Optional<String> token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  GatewayClient(String url, Optional<String> token) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token.filter(value -> !value.isBlank());
  }

  /** The URL and token from the options, else {@code FIREBREAK_CLI_URL} / {@code _CLI_TOKEN}. */
  static GatewayClient of(String url, String token) {
    String base =
        url != null
            ? url
            : Optional.ofNullable(System.getenv(Setting.CLI_URL.key()))
                .filter(value -> !value.isBlank())
                .orElse(Setting.CLI_URL.defaultValue());
    String secret = token != null ? token : System.getenv(Setting.CLI_TOKEN.key());
    return new GatewayClient(base, Optional.ofNullable(secret));
  }

  JsonNode get(String path, Map<String, String> query) {
    StringJoiner parameters = new StringJoiner("&", "?", "");
    parameters.setEmptyValue("");
    query.forEach(
        (name, value) -> {
          if (value != null) {
            parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return send(request(path + parameters).GET().build());
  }

  JsonNode post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    } catch (IllegalArgumentException e) {
      throw new Failure(url + " is not a URL (" + Setting.CLI_URL.key() + ", --url)");
    }
    token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return request;
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Failure(
          "cannot reach the gateway at "
              + url
              + " ("
              + e.getClass().getSimpleName()
              + "); is it running? ("
              + Setting.CLI_URL.key()
              + ", --url)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new Failure(
          "the gateway refused the token: "
              + message(body, response)
              + " ("
              + Setting.CLI_TOKEN.key()
              + ", --token)");
    }
    if (response.statusCode() / 100 != 2 || body == null) {
      throw new Failure(message(body, response));
    }
    return body;
  }

  private static String message(JsonNode body, HttpResponse<String> response) {
    if (body != null && body.hasNonNull("message")) {
      return body.get("message").asText();
    }
    return "the gateway answered " + response.statusCode();
  }
}
