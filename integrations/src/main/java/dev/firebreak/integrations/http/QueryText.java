package dev.firebreak.integrations.http;

/** Text inside the query languages sources speak: PromQL, LogQL and TraceQL. */
public final class QueryText {

  private QueryText() {}

  /**
   * A double-quoted string literal, as all three languages read it (Go string escapes):
   * backslashes, quotes and newlines escaped.
   */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
