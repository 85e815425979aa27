package dev.firebreak.integrations.prometheus;

import dev.firebreak.analysis.remediate.AlertCondition;
import dev.firebreak.integrations.http.QueryText;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small, careful pieces of PromQL text: selectors, templates and alert conditions. */
final class PromQl {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  private PromQl() {}

  /** {@code service="a",job="b"}: label matchers with values escaped as PromQL strings. */
  static String matchers(Map<String, String> labels) {
    StringJoiner joiner = new StringJoiner(",");
    labels.forEach((name, value) -> joiner.add(name + "=" + QueryText.quote(value)));
    return joiner.toString();
  }

  /** Fills a configured query, or empty when it names a label the incident does not have. */
  static Optional<String> fill(String template, Map<String, String> labels, Duration window) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value =
          switch (name) {
            case "selector" -> labels.isEmpty() ? null : "{" + matchers(labels) + "}";
            case "matchers" -> labels.isEmpty() ? null : matchers(labels);
            case "window" -> duration(window);
            default -> labels.containsKey(name) ? escapeInString(labels.get(name)) : null;
          };
      if (value == null) {
        return Optional.empty();
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return Optional.of(out.toString());
  }

  /** A label value placed inside a template's own quotes. */
  private static String escapeInString(String value) {
    String quoted = QueryText.quote(value);
    return quoted.substring(1, quoted.length() - 1);
  }

  /** A PromQL duration such as {@code 90s}. */
  static String duration(Duration window) {
    long seconds = Math.max(1, window.toSeconds());
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  /**
   * The measured side of an alert condition: {@code rate(x[5m]) > 0.05} gives
   * {@code rate(x[5m])}, so the evidence shows the values before and after the threshold was
   * crossed, not only the points above it. Expressions without a top-level comparison against
   * a number are returned as they are.
   */
  static String withoutThreshold(String expr) {
    return AlertCondition.parse(expr).measured();
  }
}
