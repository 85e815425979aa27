package dev.firebreak.analysis.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a log message into tokens and replaces the variable ones by {@code <*>}: anything
 * holding a digit (numbers, ids, block and core names, IPs, durations, sizes), hex strings,
 * UUIDs, paths and URLs. The rules are general — the same for every log format — because the
 * miner meets formats nobody configured.
 */
public final class LogMasker {

  public static final String WILDCARD = "<*>";

  /** Whitespace, and the quotes and brackets around words, separate tokens. */
  private static final Pattern SPLIT = Pattern.compile("[\\s()\\[\\]\"']+");

  private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]{8,}");
  private static final Pattern PATH_OR_URL = Pattern.compile("(\\w+://|/)[^\\s]*");
  private static final Pattern DIGIT = Pattern.compile("\\d");

  /** A trailing colon or dot of a word ("failed:", "done.") is punctuation, not the word. */
  private static final Pattern TRAILING = Pattern.compile("[:.,;]+$");

  private LogMasker() {}

  /**
   * Size units: after a number they belong to the quantity, whose unit varies with its size
   * ({@code 93.0 B}, {@code 8.8 KB}).
   */
  private static final Pattern SIZE_UNIT = Pattern.compile("[KMGTP]?i?B[,;.]?");

  public static List<String> tokens(String message) {
    List<String> tokens = new ArrayList<>();
    for (String raw : SPLIT.split(message.trim())) {
      if (raw.isEmpty()) {
        continue;
      }
      boolean afterNumber = !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(WILDCARD);
      tokens.add(afterNumber && SIZE_UNIT.matcher(raw).matches() ? WILDCARD : mask(raw));
    }
    return tokens;
  }

  static String mask(String token) {
    Matcher trailing = TRAILING.matcher(token);
    String core =
        trailing.find() && trailing.start() > 0 ? token.substring(0, trailing.start()) : token;
    String suffix = token.substring(core.length());
    if (DIGIT.matcher(core).find()
        || HEX.matcher(core).matches()
        || PATH_OR_URL.matcher(core).matches()) {
      return WILDCARD + suffix;
    }
    return token;
  }
}
