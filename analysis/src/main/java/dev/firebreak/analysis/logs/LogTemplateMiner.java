package dev.firebreak.analysis.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mines log messages into templates with Drain (He et al., ICWS 2017): messages are routed by
 * their token count and first tokens through a fixed-depth tree to a leaf of groups, join the
 * most similar group if at least {@code similarity} of their tokens match, and the group's
 * template turns differing positions into {@code <*>}. Masking ({@link LogMasker}) comes
 * first. Not thread-safe: one miner per log stream.
 */
public final class LogTemplateMiner {

  private final int depth;
  private final double similarity;
  private final int maxChildren;
  private final Map<Integer, Node> byLength = new HashMap<>();
  private final List<Group> groups = new ArrayList<>();

  /**
   * @param depth levels of the tree, counting the length level and the leaf: depth 4 routes by
   *     length and the first two tokens
   * @param similarity the share of equal tokens for a message to join a group
   * @param maxChildren children per inner node; beyond, tokens share a wildcard child
   */
  public LogTemplateMiner(int depth, double similarity, int maxChildren) {
    if (depth < 3) {
      throw new IllegalArgumentException("depth must be at least 3");
    }
    this.depth = depth;
    this.similarity = similarity;
    this.maxChildren = maxChildren;
  }

  /** The configuration used for every log format. */
  public static LogTemplateMiner defaults() {
    return new LogTemplateMiner(4, 0.5, 100);
  }

  /** Adds a message and returns the id of the template it joined or started. */
  public int add(String message) {
    List<String> tokens = LogMasker.tokens(message);
    Node node = byLength.computeIfAbsent(tokens.size(), size -> new Node());
    int level = 1;
    for (String token : tokens) {
      if (level >= depth - 1) {
        break;
      }
      String key = token.contains(LogMasker.WILDCARD) ? LogMasker.WILDCARD : token;
      Node child = node.children.get(key);
      if (child == null) {
        if (node.children.size() < maxChildren || key.equals(LogMasker.WILDCARD)) {
          child = new Node();
          node.children.put(key, child);
        } else {
          child = node.children.computeIfAbsent(LogMasker.WILDCARD, k -> new Node());
        }
      }
      node = child;
      level++;
    }
    Group best = null;
    double bestSimilarity = -1;
    int bestWildcards = -1;
    for (Group group : node.groups) {
      double[] match = group.similarity(tokens);
      if (match[0] > bestSimilarity || (match[0] == bestSimilarity && match[1] > bestWildcards)) {
        best = group;
        bestSimilarity = match[0];
        bestWildcards = (int) match[1];
      }
    }
    if (best != null && bestSimilarity >= similarity) {
      best.merge(tokens);
      return best.id;
    }
    Group group = new Group(groups.size() + 1, tokens);
    groups.add(group);
    node.groups.add(group);
    return group.id;
  }

  /** Every template so far, in the order they were first seen. */
  public List<LogTemplate> templates() {
    List<LogTemplate> templates = new ArrayList<>(groups.size());
    for (Group group : groups) {
      templates.add(new LogTemplate(group.id, group.tokens, group.count));
    }
    return templates;
  }

  /** The template with this id. */
  public LogTemplate template(int id) {
    Group group = groups.get(id - 1);
    return new LogTemplate(group.id, group.tokens, group.count);
  }

  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    final List<Group> groups = new ArrayList<>();
  }

  private static final class Group {
    final int id;
    final List<String> tokens;
    long count = 1;

    Group(int id, List<String> tokens) {
      this.id = id;
      this.tokens = new ArrayList<>(tokens);
    }

    /**
     * The share of equal tokens and the template's wildcards. A wildcard meeting a masked token
     * is equal (both are variables there); meeting a constant, it is not counted.
     */
    double[] similarity(List<String> message) {
      int equal = 0;
      int wildcards = 0;
      for (int i = 0; i < tokens.size(); i++) {
        String token = tokens.get(i);
        String other = message.get(i);
        if (token.equals(other)) {
          equal++;
        } else if (isWord(token) && isWord(other)) {
          // Masking took the variables (they hold digits, or are ids and paths): two
          // different words at one place are two different events ("VM Paused", "VM Started").
          return new double[] {-1, 0};
        }
        if (token.equals(LogMasker.WILDCARD)) {
          wildcards++;
        }
      }
      return new double[] {equal / (double) tokens.size(), wildcards};
    }

    private static boolean isWord(String token) {
      return !token.startsWith(LogMasker.WILDCARD);
    }

    void merge(List<String> message) {
      for (int i = 0; i < tokens.size(); i++) {
        if (!tokens.get(i).equals(message.get(i))) {
          tokens.set(i, LogMasker.WILDCARD);
        }
      }
      count++;
    }
  }
}
