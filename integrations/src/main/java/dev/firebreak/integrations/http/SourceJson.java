package dev.firebreak.integrations.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.port.EvidenceSourceException;
import dev.firebreak.analysis.port.EvidenceSourceException.Reason;

/** Reading sources' JSON answers; anything unreadable is the source's fault, said so. */
public final class SourceJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SourceJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static JsonNode parse(String source, String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw malformed(source, "an empty answer where JSON was expected");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw malformed(source, "an answer that is not JSON: " + SourceHttp.abbreviate(body));
    }
  }

  public static EvidenceSourceException malformed(String source, String what) {
    return new EvidenceSourceException(source, Reason.MALFORMED, 200, what);
  }

  /** A required member, or a clear error naming it. */
  public static JsonNode require(String source, JsonNode parent, String field, String context) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw malformed(source, context + " has no \"" + field + "\"");
    }
    return value;
  }

  /** Text of a member, or {@code fallback} when absent. */
  public static String text(JsonNode parent, String field, String fallback) {
    JsonNode value = parent.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
