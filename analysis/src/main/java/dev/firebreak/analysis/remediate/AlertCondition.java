package dev.firebreak.analysis.remediate;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an alert's PromQL expression into the side that is measured and the threshold it is
 * compared with ({@code rate(errors[5m]) / rate(requests[5m]) > 0.05} → the ratio, {@code >},
 * 0.05), so that a verification can say how far the value is from the threshold and tell "back
 * under it" from "no data". No Java PromQL parser is maintained; this reads only the top-level
 * comparison (outside parentheses, braces, brackets and strings) with a number on one side.
 */
public record AlertCondition(String measured, Optional<String> operator, double threshold) {

  /** A threshold that is a constant: numbers, arithmetic and brackets ({@code 7 * 86400}). */
  private static final Pattern NUMBER =
      Pattern.compile("(?=.*\\d)\\s*(([-+*/%^()]|(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?)\\s*)+");

  private static final Pattern SIMPLE_NUMBER =
      Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern RANGE =
      Pattern.compile("\\[((?:\\d+(?:ms|[smhdwy]))+)(?::[^\\]]*)?]");
  private static final Pattern RANGE_PART = Pattern.compile("(\\d+)(ms|[smhdwy])");
  private static final Pattern SET_OPERATOR = Pattern.compile("\\b(and|or|unless)\\b");

  /** The whole expression, with any series it returns meaning the condition holds. */
  public static AlertCondition presence(String expression) {
    return new AlertCondition(expression.trim(), Optional.empty(), Double.NaN);
  }

  public static AlertCondition parse(String expression) {
    String text = expression.trim();
    if (SET_OPERATOR.matcher(topLevel(text)).find()) {
      // a > 1 and b == 2 has no single measured side.
      return presence(text);
    }
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '"', '\'', '`' -> quote = c;
        case '(', '{', '[' -> depth++;
        case ')', '}', ']' -> depth--;
        default -> {
          if (depth == 0) {
            Optional<AlertCondition> split = splitAt(text, i);
            if (split.isPresent()) {
              return split.get();
            }
          }
        }
      }
    }
    return presence(text);
  }

  /** The expression with everything nested and quoted blanked out. */
  private static String topLevel(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
          out.append(' ');
        } else if (c == quote) {
          quote = 0;
        }
        out.append(' ');
        continue;
      }
      switch (c) {
        case '"', '\'', '`' -> quote = c;
        case '(', '{', '[' -> depth++;
        case ')', '}', ']' -> depth--;
        default -> {}
      }
      out.append(depth == 0 && quote == 0 ? c : ' ');
    }
    return out.toString();
  }

  /** A comparison operator at {@code i}, with a number on one side of it. */
  private static Optional<AlertCondition> splitAt(String text, int i) {
    String operator = operatorAt(text, i);
    if (operator == null) {
      return Optional.empty();
    }
    String left = text.substring(0, i).trim();
    String right = text.substring(i + operator.length()).trim();
    if (right.startsWith("bool ") || right.startsWith("on") || right.startsWith("ignoring")) {
      return Optional.empty();
    }
    if (NUMBER.matcher(right).matches() && !left.isEmpty()) {
      return Constant.value(right)
          .map(threshold -> new AlertCondition(left, Optional.of(operator), threshold));
    }
    if (NUMBER.matcher(left).matches() && !right.isEmpty()) {
      // 0.05 < ratio means ratio > 0.05.
      return Constant.value(left)
          .map(threshold -> new AlertCondition(right, Optional.of(flip(operator)), threshold));
    }
    return Optional.empty();
  }

  private static String operatorAt(String text, int i) {
    char c = text.charAt(i);
    char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
    char before = i > 0 ? text.charAt(i - 1) : 0;
    if (before == '>' || before == '<' || before == '=' || before == '!') {
      return null;
    }
    if ((c == '>' || c == '<' || c == '=' || c == '!') && next == '=') {
      return c + "=";
    }
    if (c == '>' || c == '<') {
      return String.valueOf(c);
    }
    return null;
  }

  private static String flip(String operator) {
    return switch (operator) {
      case ">" -> "<";
      case "<" -> ">";
      case ">=" -> "<=";
      case "<=" -> ">=";
      default -> operator;
    };
  }

  /** The longest range selector or subquery range in the measured side, zero when none. */
  public Duration longestRange() {
    Duration longest = Duration.ZERO;
    Matcher matcher = RANGE.matcher(measured);
    while (matcher.find()) {
      Duration range = Duration.ZERO;
      Matcher part = RANGE_PART.matcher(matcher.group(1));
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        range =
            range.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  case "d" -> Duration.ofDays(amount);
                  case "w" -> Duration.ofDays(7 * amount);
                  default -> Duration.ofDays(365 * amount);
                });
      }
      if (range.compareTo(longest) > 0) {
        longest = range;
      }
    }
    return longest;
  }

  /** Evaluates a constant threshold ({@code 7 * 86400}, {@code 2^10}) as PromQL would. */
  private static final class Constant {
    private final String text;
    private int at;

    private Constant(String text) {
      this.text = text.replace(" ", "");
    }

    static Optional<Double> value(String text) {
      Constant constant = new Constant(text);
      try {
        double value = constant.sum();
        return constant.at == constant.text.length() ? Optional.of(value) : Optional.empty();
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    private double sum() {
      double value = product();
      while (at < text.length() && (peek() == '+' || peek() == '-')) {
        char op = text.charAt(at++);
        double right = product();
        value = op == '+' ? value + right : value - right;
      }
      return value;
    }

    private double product() {
      double value = power();
      while (at < text.length() && (peek() == '*' || peek() == '/' || peek() == '%')) {
        char op = text.charAt(at++);
        double right = power();
        value = op == '*' ? value * right : op == '/' ? value / right : value % right;
      }
      return value;
    }

    private double power() {
      double base = unary();
      if (at < text.length() && peek() == '^') {
        at++;
        return Math.pow(base, power());
      }
      return base;
    }

    private double unary() {
      if (peek() == '-') {
        at++;
        return -unary();
      }
      if (peek() == '+') {
        at++;
        return unary();
      }
      if (peek() == '(') {
        at++;
        double value = sum();
        if (peek() != ')') {
          throw new IllegalArgumentException("unbalanced");
        }
        at++;
        return value;
      }
      Matcher number = SIMPLE_NUMBER.matcher(text).region(at, text.length());
      if (!number.lookingAt()) {
        throw new IllegalArgumentException("not a number at " + at);
      }
      at = number.end();
      return Double.parseDouble(number.group());
    }

    private char peek() {
      return at < text.length() ? text.charAt(at) : 0;
    }
  }
}
