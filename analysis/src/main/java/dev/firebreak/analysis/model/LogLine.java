package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.Map;

/**
 * One log line of the evidence.
 *
 * @param id the evidence id diagnoses cite, such as {@code log:12}
 * @param level the level as the line or its stream states it, lower case, or {@code ""}
 * @param labels the stream labels (Loki) or the selected fields (Elasticsearch)
 */
public record LogLine(
    String id, Instant at, String level, String message, Map<String, String> labels) {

  public LogLine {
    level = level == null ? "" : level;
    message = message == null ? "" : message;
    labels = Map.copyOf(labels);
  }

  public LogLine withId(String newId) {
    return new LogLine(newId, at, level, message, labels);
  }
}
