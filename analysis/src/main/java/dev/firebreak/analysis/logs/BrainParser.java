package dev.firebreak.analysis.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups a batch of log messages into templates with Brain (Yu et al., "Brain: Log Parsing
 * with Bidirectional Parallel Tree", IEEE TSC 2023), as its reference implementation in
 * logparser does:
 *
 * <ol>
 *   <li>every word is counted by its position over the whole batch;
 *   <li>in each message, the words sharing the frequency that most of its words share form its
 *       longest common pattern: messages of one length with the same pattern (that frequency and
 *       that many words) start one tree;
 *   <li>in each tree, a column outside the pattern whose words take at least {@code
 *       variableThreshold} distinct values is a variable; the others stay constant, as do words
 *       the masking left alone unless mostly digits;
 *   <li>messages with the same resulting template are one group.
 * </ol>
 *
 * <p>It needs the whole batch before it answers, which diagnosis has (the evidence's log lines).
 * Masking ({@link LogMasker}) comes first, the same
 * for every log format, where the published figures used a regular expression per system.
 */
public final class BrainParser {

  /**
   * Chosen on every LogHub system at once, on whole samples and on short batches together
   * ({@code scripts/bench-loghub.sh} prints the sweep): 6 has the best mean over both and the
   * best worst system; 5 is within 0.002, lower values merge templates, higher ones split them.
   */
  public static final int DEFAULT_VARIABLE_THRESHOLD = 6;

  private final int variableThreshold;

  /**
   * @param variableThreshold distinct words in a column of one tree from which it is a variable
   */
  public BrainParser(int variableThreshold) {
    if (variableThreshold < 2) {
      throw new IllegalArgumentException("variableThreshold must be at least 2");
    }
    this.variableThreshold = variableThreshold;
  }

  /** The configuration used for every log format. */
  public static BrainParser defaults() {
    return new BrainParser(DEFAULT_VARIABLE_THRESHOLD);
  }

  /**
   * The template of every message, in the order given; messages of one template share the one
   * {@link LogTemplate} instance, numbered from 1 in order of first appearance.
   */
  public List<LogTemplate> parse(List<String> messages) {
    List<List<String>> tokenized = new ArrayList<>(messages.size());
    List<Map<String, Integer>> byPosition = new ArrayList<>();
    for (String message : messages) {
      List<String> tokens = LogMasker.tokens(message);
      tokenized.add(tokens);
      for (int i = 0; i < tokens.size(); i++) {
        if (byPosition.size() <= i) {
          byPosition.add(new HashMap<>());
        }
        byPosition.get(i).merge(tokens.get(i), 1, Integer::sum);
      }
    }
    Map<Root, List<Integer>> trees = new LinkedHashMap<>();
    List<int[]> frequencies = new ArrayList<>(messages.size());
    for (int m = 0; m < tokenized.size(); m++) {
      List<String> tokens = tokenized.get(m);
      int[] frequency = new int[tokens.size()];
      for (int i = 0; i < tokens.size(); i++) {
        frequency[i] = byPosition.get(i).get(tokens.get(i));
      }
      frequencies.add(frequency);
      trees.computeIfAbsent(root(frequency), r -> new ArrayList<>()).add(m);
    }
    String[][] templates = new String[tokenized.size()][];
    trees.forEach((root, members) -> template(root, members, tokenized, frequencies, templates));
    Map<List<String>, Group> groups = new LinkedHashMap<>();
    List<Group> ofMessage = new ArrayList<>(templates.length);
    for (String[] template : templates) {
      Group group =
          groups.computeIfAbsent(List.of(template), tokens -> new Group(groups.size() + 1, tokens));
      group.count++;
      ofMessage.add(group);
    }
    Map<Group, LogTemplate> done = new HashMap<>();
    List<LogTemplate> result = new ArrayList<>(ofMessage.size());
    for (Group group : ofMessage) {
      result.add(done.computeIfAbsent(group, g -> new LogTemplate(g.id, g.tokens, g.count)));
    }
    return result;
  }

  /**
   * The longest common pattern: the frequency most words of the message share, and how many
   * share it. On a tie, the higher frequency: the words of more messages.
   */
  private static Root root(int[] frequency) {
    Map<Integer, Integer> words = new HashMap<>();
    for (int f : frequency) {
      words.merge(f, 1, Integer::sum);
    }
    int best = 0;
    int bestWords = 0;
    for (Map.Entry<Integer, Integer> e : words.entrySet()) {
      if (e.getValue() > bestWords || (e.getValue() == bestWords && e.getKey() > best)) {
        best = e.getKey();
        bestWords = e.getValue();
      }
    }
    return new Root(frequency.length, best, bestWords);
  }

  private void template(
      Root root,
      List<Integer> members,
      List<List<String>> tokenized,
      List<int[]> frequencies,
      String[][] templates) {
    int[] first = frequencies.get(members.get(0));
    boolean[] variable = new boolean[root.length];
    for (int column = 0; column < root.length; column++) {
      if (first[column] == root.frequency) {
        continue;
      }
      Set<String> distinct = new HashSet<>();
      for (int m : members) {
        distinct.add(tokenized.get(m).get(column));
        if (distinct.size() >= variableThreshold) {
          variable[column] = true;
          break;
        }
      }
    }
    for (int m : members) {
      List<String> tokens = tokenized.get(m);
      String[] template = new String[tokens.size()];
      for (int i = 0; i < template.length; i++) {
        String token = tokens.get(i);
        template[i] =
            variable[i] || token.contains(LogMasker.WILDCARD) || mostlyDigits(token)
                ? LogMasker.WILDCARD
                : token;
      }
      templates[m] = template;
    }
  }

  private static boolean mostlyDigits(String token) {
    int digits = 0;
    for (int i = 0; i < token.length(); i++) {
      if (Character.isDigit(token.charAt(i))) {
        digits++;
      }
    }
    return digits > 0 && digits >= 0.3 * token.length();
  }

  private record Root(int length, int frequency, int words) {}

  private static final class Group {
    final int id;
    final List<String> tokens;
    long count;

    Group(int id, List<String> tokens) {
      this.id = id;
      this.tokens = tokens;
    }
  }
}
