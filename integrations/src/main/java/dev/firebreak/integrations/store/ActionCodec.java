package dev.firebreak.integrations.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An action's verification, measurements and approvers as JSON text columns. */
final class ActionCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ActionCodec() {}

  static String verification(Verification verification) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("query", verification.query());
    verification.operator().ifPresent(op -> node.put("operator", op));
    if (verification.operator().isPresent()) {
      node.put("threshold", verification.threshold());
    }
    ObjectNode match = node.putObject("match");
    verification.match().forEach(match::put);
    node.put("initial_delay_ms", verification.initialDelay().toMillis());
    node.put("interval_ms", verification.interval().toMillis());
    node.put("count", verification.count());
    node.put("failure_limit", verification.failureLimit());
    node.put("inconclusive_limit", verification.inconclusiveLimit());
    node.put("consecutive_error_limit", verification.consecutiveErrorLimit());
    node.put("no_data", verification.noData().wireName());
    return write(node);
  }

  static Optional<Verification> verification(String json) {
    if (json == null) {
      return Optional.empty();
    }
    JsonNode node = read(json);
    Map<String, String> match = new java.util.TreeMap<>();
    node.path("match")
        .properties()
        .forEach(field -> match.put(field.getKey(), field.getValue().asText()));
    Optional<String> operator =
        node.hasNonNull("operator") ? Optional.of(node.get("operator").asText()) : Optional.empty();
    return Optional.of(
        new Verification(
            node.path("query").asText(),
            operator,
            operator.isPresent() ? node.path("threshold").asDouble() : Double.NaN,
            match,
            Duration.ofMillis(node.path("initial_delay_ms").asLong()),
            Duration.ofMillis(node.path("interval_ms").asLong()),
            node.path("count").asInt(),
            node.path("failure_limit").asInt(),
            node.path("inconclusive_limit").asInt(),
            node.path("consecutive_error_limit").asInt(),
            Measurement.Phase.fromWireName(node.path("no_data").asText("inconclusive"))));
  }

  static String measurements(List<Measurement> measurements) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Measurement measurement : measurements) {
      ObjectNode node = array.addObject();
      node.put("at", measurement.at().toString());
      node.put("phase", measurement.phase().wireName());
      if (!Double.isNaN(measurement.value())) {
        node.put("value", measurement.value());
      }
      node.put("detail", measurement.detail());
    }
    return write(array);
  }

  static List<Measurement> measurements(String json) {
    List<Measurement> out = new ArrayList<>();
    for (JsonNode node : read(json)) {
      out.add(
          new Measurement(
              Instant.parse(node.path("at").asText()),
              Measurement.Phase.fromWireName(node.path("phase").asText()),
              node.has("value") ? node.get("value").asDouble() : Double.NaN,
              node.path("detail").asText()));
    }
    return out;
  }

  static String strings(List<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return write(array);
  }

  static List<String> strings(String json) {
    List<String> out = new ArrayList<>();
    read(json).forEach(node -> out.add(node.asText()));
    return out;
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an action column", e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt action column", e);
    }
  }
}
