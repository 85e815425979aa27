package dev.firebreak.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.gateway.http.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Request bodies of the API: bounded, JSON only, an object, or a 4xx saying what was wrong. */
final class JsonBodies {

  static final int MAX_BYTES = 64 * 1024;

  private JsonBodies() {}

  /**
   * The body as a JSON object; empty for a blank body.
   *
   * @param example what an object looks like, for the error message
   */
  static Optional<JsonNode> object(Context ctx, ObjectMapper json, String example) {
    byte[] raw;
    try (InputStream in = ctx.req().getInputStream()) {
      raw = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body");
    }
    if (raw.length > MAX_BYTES) {
      throw ApiException.tooLarge(MAX_BYTES);
    }
    if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
      return Optional.empty();
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw ApiException.unsupportedMediaType(type);
    }
    JsonNode node;
    try {
      node = json.readTree(raw);
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON body");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("expected a JSON object such as " + example);
    }
    return Optional.of(node);
  }
}
