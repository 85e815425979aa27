package dev.firebreak.analysis.logs;

import java.util.List;

/**
 * A log template: the constant tokens of a group of messages with {@code <*>} where they
 * differ, and how many messages it took in.
 */
public record LogTemplate(int id, List<String> tokens, long count) {

  public LogTemplate {
    tokens = List.copyOf(tokens);
  }

  public String text() {
    return String.join(" ", tokens);
  }
}
