package dev.firebreak.analysis.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a log message into tokens and replaces the variable ones by {@code <*>}: anything
 * holding a digit (numbers, ids, block and core names, IPs, durations, sizes), hex strings,
 * UUIDs, paths and URLs. The rules are general — the same for every log format — because the
 * parser meets formats nobody configured; each was kept only if it helped across all the LogHub
 * systems at once ({@code scripts/bench-loghub.sh}).
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

  /**
   * Inside a token, a key and its value ({@code uid=0}, {@code index:7}, {@code a|b}) are
   * masked apart, so the key stays part of the template and the value does not.
   */
  private static final Pattern SEGMENT = Pattern.compile("(?<=[=,:|])");

  /**
   * Units after a number belong to the quantity, whose unit varies with its size ({@code 93.0
   * B}, {@code 8.8 KB}; {@code <1 sec}, {@code 00:01}): they join its wildcard.
   */
  private static final Pattern UNIT =
      Pattern.compile("([KMGTP]?i?B|ms|us|ns|s|secs?|seconds?|mins?|minutes?|h|hours?)[,;.]?");

  /** A parenthesised aside ({@code (18.4 KB)}) that holds only values restates a quantity. */
  private static final Pattern ASIDE = Pattern.compile("\\(([^()]*)\\)");

  private LogMasker() {}

  public static List<String> tokens(String message) {
    List<String> tokens = new ArrayList<>();
    for (String raw : SPLIT.split(withoutValueAsides(message.trim()))) {
      if (raw.isEmpty()) {
        continue;
      }
      boolean afterValue = !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(WILDCARD);
      if (afterValue && UNIT.matcher(raw).matches()) {
        continue;
      }
      tokens.add(mask(raw));
    }
    return tokens;
  }

  private static String withoutValueAsides(String message) {
    if (message.indexOf('(') < 0) {
      return message;
    }
    Matcher aside = ASIDE.matcher(message);
    StringBuilder kept = new StringBuilder(message.length());
    while (aside.find()) {
      aside.appendReplacement(
          kept, onlyValues(aside.group(1)) ? " " : Matcher.quoteReplacement(aside.group()));
    }
    aside.appendTail(kept);
    return kept.toString();
  }

  private static boolean onlyValues(String text) {
    boolean any = false;
    for (String raw : SPLIT.split(text.trim())) {
      if (raw.isEmpty()) {
        continue;
      }
      if (!mask(raw).startsWith(WILDCARD) && !UNIT.matcher(raw).matches()) {
        return false;
      }
      any = true;
    }
    return any;
  }

  static String mask(String token) {
    if (PATH_OR_URL.matcher(token).matches()) {
      return maskWord(token);
    }
    String[] segments = SEGMENT.split(token);
    if (segments.length == 1) {
      return maskWord(token);
    }
    StringBuilder masked = new StringBuilder(token.length());
    boolean onlyValues = true;
    for (String segment : segments) {
      String word = maskWord(segment);
      onlyValues &= word.startsWith(WILDCARD);
      masked.append(word);
    }
    // Every part a value (a time, an address and its port) is one value.
    return onlyValues ? maskWord(token) : masked.toString();
  }

  private static String maskWord(String token) {
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
