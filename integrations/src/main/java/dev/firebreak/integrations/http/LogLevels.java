package dev.firebreak.integrations.http;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The level of a log line from its labels or, failing that, its text. */
public final class LogLevels {

  /** Words that mark a line as an error in logfmt, JSON or plain text logs. */
  public static final String ERROR_PATTERN =
      "(?i)(level=(error|fatal|crit)|\"level\":\\s*\""
          + "(error|fatal|critical)\"|\\b(ERROR|FATAL|PANIC|CRITICAL|Exception)\\b)";

  private static final Pattern LEVEL_FIELD =
      Pattern.compile("(?i)(?:\\blevel|\\blvl|\"level\"|\"severity\")\\s*[=:]\\s*\"?([a-z]+)");
  private static final Pattern LEVEL_WORD =
      Pattern.compile("\\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|PANIC|CRITICAL)\\b");

  private LogLevels() {}

  public static String of(Map<String, String> labels, String line) {
    for (String key : new String[] {"level", "detected_level", "severity", "log.level"}) {
      String value = labels.get(key);
      if (value != null && !value.isBlank()) {
        return normalise(value);
      }
    }
    Matcher field = LEVEL_FIELD.matcher(line);
    if (field.find()) {
      return normalise(field.group(1));
    }
    Matcher word = LEVEL_WORD.matcher(line);
    return word.find() ? normalise(word.group(1)) : "";
  }

  static String normalise(String level) {
    String lower = level.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "warning" -> "warn";
      case "err", "eror" -> "error";
      case "crit", "critical", "panic", "fatal" -> "fatal";
      default -> lower;
    };
  }
}
