package dev.firebreak.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.analysis.model.Signal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, path-aware access to one JSON object of a webhook body. Every failure names the JSON
 * path, what was expected and what came, e.g. {@code $.alerts[2].startsAt: expected an RFC 3339
 * timestamp, got "yesterday"}. Values are quoted only up to a short length so that errors never
 * echo payloads.
 */
final class JsonFields {

  private static final int QUOTE_LIMIT = 40;

  /** Far beyond any real label name; Prometheus itself has no limit, so keep it generous. */
  private static final int MAX_KEY_LENGTH = 1024;

  private static final int MAX_VALUE_LENGTH = 64 * 1024;

  private final JsonNode node;
  private final String path;

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static JsonFields root(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException("$: expected a JSON object, got " + kind(node));
    }
    return new JsonFields(node, "$");
  }

  String path() {
    return path;
  }

  boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  String requiredString(String name) {
    String value = optionalString(name);
    if (value == null) {
      throw missing(name, "a string");
    }
    return value;
  }

  String requiredText(String name) {
    String value = requiredString(name);
    if (value.isBlank()) {
      throw new InvalidPayloadException(at(name) + ": must not be empty");
    }
    return value;
  }

  /** The string value, or null when absent or JSON null. */
  String optionalString(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(name, "a string", value);
    }
    requireNoNul(at(name), value.textValue());
    return value.textValue();
  }

  /**
   * Refuses text with a NUL character. JSON allows NUL (U+0000) but PostgreSQL's text cannot
   * hold it, and no monitoring tool means anything by it; both stores refuse it alike, at the
   * edge, naming the field, rather than one store dropping it and the other failing.
   */
  static void requireNoNul(String path, String text) {
    if (text.indexOf('\0') >= 0) {
      throw new InvalidPayloadException(
          path + ": contains a NUL character (\\u0000), which" + " Firebreak does not store");
    }
  }

  /** Refuses an instant outside what a signal may carry, naming the field and the range. */
  static Instant requireStorable(String path, Instant instant) {
    if (!Signal.isStorable(instant)) {
      throw new InvalidPayloadException(
          path
              + ": "
              + instant
              + " is outside the accepted"
              + " range "
              + Signal.EARLIEST
              + " to "
              + Signal.LATEST);
    }
    return instant;
  }

  String requiredEnum(String name, List<String> allowed) {
    String value = requiredString(name);
    if (!allowed.contains(value)) {
      throw new InvalidPayloadException(
          at(name) + ": expected one of " + allowed + ", got " + quote(value));
    }
    return value;
  }

  long optionalNonNegativeLong(String name, long fallback) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || value.asLong() < 0 || !value.canConvertToLong()) {
      throw wrongType(name, "a non-negative integer", value);
    }
    return value.asLong();
  }

  Instant requiredTime(String name) {
    return parseTime(name, requiredString(name));
  }

  /** An RFC 3339 time, or null when absent, JSON null or Go's zero time (year 1). */
  Instant optionalTime(String name) {
    String value = optionalString(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    Instant time = parseInstant(name, value);
    return time.getEpochSecond() < -62_000_000_000L ? null : requireStorable(at(name), time);
  }

  private Instant parseTime(String name, String value) {
    return requireStorable(at(name), parseInstant(name, value));
  }

  private Instant parseInstant(String name, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPayloadException(
          at(name) + ": expected an RFC 3339 timestamp, got " + quote(value));
    }
  }

  JsonFields requiredObject(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw missing(name, "an object");
    }
    if (!value.isObject()) {
      throw wrongType(name, "an object", value);
    }
    return new JsonFields(value, at(name));
  }

  /** The object, or null when absent or JSON null. */
  JsonFields optionalObject(String name) {
    return has(name) ? requiredObject(name) : null;
  }

  List<JsonFields> requiredObjects(String name, int maxItems) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw missing(name, "an array");
    }
    if (!value.isArray()) {
      throw wrongType(name, "an array", value);
    }
    if (value.size() > maxItems) {
      throw new InvalidPayloadException(
          at(name) + ": " + value.size() + " items, more than the" + " limit of " + maxItems);
    }
    List<JsonFields> items = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = at(name) + "[" + i + "]";
      if (!item.isObject()) {
        throw new InvalidPayloadException(itemPath + ": expected an object, got " + kind(item));
      }
      items.add(new JsonFields(item, itemPath));
    }
    return items;
  }

  /** A string-to-string object such as a label set; absent or null reads as empty. */
  Map<String, String> stringMap(String name, boolean required, int maxEntries) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw missing(name, "an object of strings");
      }
      return Map.of();
    }
    if (!value.isObject()) {
      throw wrongType(name, "an object of strings", value);
    }
    if (value.size() > maxEntries) {
      throw new InvalidPayloadException(
          at(name) + ": " + value.size() + " entries, more than" + " the limit of " + maxEntries);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      if (!field.getValue().isTextual()) {
        throw new InvalidPayloadException(
            at(name) + "." + field.getKey() + ": expected a string, got " + kind(field.getValue()));
      }
      requireNoNul(at(name), field.getKey());
      requireNoNul(at(name) + "." + field.getKey(), field.getValue().textValue());
      if (field.getKey().length() > MAX_KEY_LENGTH) {
        throw new InvalidPayloadException(
            at(name)
                + ": a name of "
                + field.getKey().length()
                + " characters, longer than the limit of "
                + MAX_KEY_LENGTH);
      }
      if (field.getValue().textValue().length() > MAX_VALUE_LENGTH) {
        throw new InvalidPayloadException(
            at(name)
                + "."
                + field.getKey()
                + ": "
                + field.getValue().textValue().length()
                + " characters, longer than the limit of "
                + MAX_VALUE_LENGTH);
      }
      map.put(field.getKey(), field.getValue().textValue());
    }
    return map;
  }

  /**
   * An object of scalars rendered as text (Grafana's {@code values}: numbers, or strings such as
   * {@code "NaN"}); absent or null reads as empty.
   */
  Map<String, String> scalarMap(String name, int maxEntries) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw wrongType(name, "an object of numbers", value);
    }
    if (value.size() > maxEntries) {
      throw new InvalidPayloadException(
          at(name) + ": " + value.size() + " entries, more than" + " the limit of " + maxEntries);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      JsonNode entry = field.getValue();
      if (!entry.isValueNode()) {
        throw new InvalidPayloadException(
            at(name) + "." + field.getKey() + ": expected a number, got " + kind(entry));
      }
      requireNoNul(at(name), field.getKey());
      String text = entry.isTextual() ? entry.textValue() : entry.asText();
      requireNoNul(at(name) + "." + field.getKey(), text);
      if (field.getKey().length() > MAX_KEY_LENGTH || text.length() > MAX_KEY_LENGTH) {
        throw new InvalidPayloadException(
            at(name)
                + "."
                + field.getKey()
                + ": longer than the"
                + " limit of "
                + MAX_KEY_LENGTH
                + " characters");
      }
      map.put(field.getKey(), text);
    }
    return map;
  }

  String at(String name) {
    return path + "." + name;
  }

  private InvalidPayloadException missing(String name, String expected) {
    return new InvalidPayloadException(at(name) + ": missing; expected " + expected);
  }

  private InvalidPayloadException wrongType(String name, String expected, JsonNode value) {
    return new InvalidPayloadException(
        at(name) + ": expected " + expected + ", got " + kind(value));
  }

  static String kind(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isTextual()) {
      return "the string " + quote(value.textValue());
    }
    if (value.isNumber()) {
      return "the number " + value.asText();
    }
    if (value.isBoolean()) {
      return value.asText();
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "an object";
    }
    return "null";
  }

  /** The first value that is neither null nor blank, else the empty string. */
  static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }

  /** A payload value for an error message, shortened and marked so logs can leave it out. */
  static String quote(String value) {
    String shown = value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "…" : value;
    shown =
        shown
            .replace(InvalidPayloadException.VALUE_START, ' ')
            .replace(InvalidPayloadException.VALUE_END, ' ');
    return "\""
        + InvalidPayloadException.VALUE_START
        + shown.replace("\"", "\\\"")
        + InvalidPayloadException.VALUE_END
        + "\"";
  }
}
