package dev.firebreak.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each field of a YAML document is, by its dotted path ({@code remediation.limits.once_within},
 * {@code remediation.playbooks[0].match}, and for list items with a {@code name} also {@code
 * remediation.playbooks.bad-deploy}), so that a check made after binding can still name the line.
 */
final class YamlLines {

  private final Map<String, Integer> lines;

  private YamlLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  static YamlLines of(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    Deque<Integer> objectStarts = new ArrayDeque<>();
    try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        int line = parser.currentTokenLocation().getLineNr();
        JsonStreamContext context = parser.getParsingContext();
        switch (token) {
          case START_OBJECT -> objectStarts.push(line);
          case END_OBJECT -> {
            if (!objectStarts.isEmpty()) {
              objectStarts.pop();
            }
          }
          case FIELD_NAME -> lines.putIfAbsent(dotted(context.pathAsPointer()), line);
          case VALUE_STRING -> {
            JsonStreamContext parent = context.getParent();
            if ("name".equals(context.getCurrentName())
                && parent != null
                && parent.inArray()
                && !objectStarts.isEmpty()) {
              lines.putIfAbsent(
                  dotted(
                          parent.getParent() == null
                              ? JsonPointer.empty()
                              : parent.pathAsPointer().head())
                      + "."
                      + parser.getText(),
                  objectStarts.peek());
            }
          }
          default -> {}
        }
      }
    } catch (IOException | RuntimeException e) {
      // The binding reports what is malformed; lines are only a help.
    }
    return new YamlLines(lines);
  }

  /** The line of the longest known prefix of {@code path}. */
  Optional<Integer> lineOf(String path) {
    String candidate = path;
    while (!candidate.isEmpty()) {
      Integer line = lines.get(candidate);
      if (line != null) {
        return Optional.of(line);
      }
      int cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
      candidate = cut < 0 ? "" : candidate.substring(0, cut);
    }
    return Optional.empty();
  }

  private static String dotted(JsonPointer pointer) {
    StringBuilder out = new StringBuilder();
    for (JsonPointer at = pointer; at != null && !at.matches(); at = at.tail()) {
      String property = at.getMatchingProperty();
      if (at.getMatchingIndex() >= 0 && property.chars().allMatch(Character::isDigit)) {
        out.append('[').append(at.getMatchingIndex()).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(property);
      }
    }
    return out.toString();
  }
}
