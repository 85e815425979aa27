package dev.firebreak.integrations.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * Where and how to reach one outside system.
 *
 * @param baseUrl the root of its API; paths are resolved against it, so a path prefix (a
 *     reverse proxy's {@code /prometheus/}) is kept
 * @param bearerToken sent as {@code Authorization: Bearer …}, or null
 * @param username with {@code password}, sent as basic auth, or null
 * @param headers extra headers sent with every request (API keys, a tenant header such as
 *     Loki's {@code X-Scope-OrgID})
 * @param timeout the most one request may take, connection included
 */
public record EndpointSettings(
    HttpUrl baseUrl,
    String bearerToken,
    String username,
    String password,
    Map<String, String> headers,
    Duration timeout) {

  public EndpointSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    headers = Map.copyOf(headers);
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("basic auth needs both a username and a password");
    }
  }

  public static EndpointSettings of(String baseUrl, Duration timeout) {
    return new EndpointSettings(parse(baseUrl), null, null, null, Map.of(), timeout);
  }

  public EndpointSettings withBearerToken(String token) {
    return new EndpointSettings(baseUrl, token, username, password, headers, timeout);
  }

  public EndpointSettings withBasicAuth(String user, String secret) {
    return new EndpointSettings(baseUrl, bearerToken, user, secret, headers, timeout);
  }

  public EndpointSettings withHeader(String name, String value) {
    Map<String, String> more = new TreeMap<>(headers);
    more.put(name, value);
    return new EndpointSettings(baseUrl, bearerToken, username, password, more, timeout);
  }

  /** Parses a base URL, making sure it ends with a slash so relative paths resolve under it. */
  public static HttpUrl parse(String url) {
    HttpUrl parsed = HttpUrl.parse(url.endsWith("/") ? url : url + "/");
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    return parsed;
  }

  /** Never shows credentials or header values, which often are credentials. */
  @Override
  public String toString() {
    return "EndpointSettings["
        + baseUrl.newBuilder().username("").password("").build()
        + ", auth="
        + (bearerToken != null ? "bearer" : username != null ? "basic" : "none")
        + ", headers="
        + headers.keySet()
        + ", timeout="
        + timeout
        + "]";
  }
}
