package dev.firebreak.analysis.correlate;

import java.util.List;
import java.util.Map;

/**
 * Decides whether two label sets describe the same thing: they share at least one identifying
 * label and disagree on none. "Disagree on none" keeps a shared {@code cluster} from pulling
 * two different services into one incident.
 */
final class LabelMatcher {

  private final List<String> keys;

  LabelMatcher(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  boolean sameSubject(Map<String, String> a, Map<String, String> b) {
    int shared = 0;
    for (String key : keys) {
      String left = a.get(key);
      String right = b.get(key);
      if (left == null || right == null || left.isEmpty() || right.isEmpty()) {
        continue;
      }
      if (!left.equals(right)) {
        return false;
      }
      shared++;
    }
    return shared > 0;
  }

  /** The identifying labels both have alike, as {@code service=checkout, namespace=shop}. */
  String shared(Map<String, String> a, Map<String, String> b) {
    StringBuilder text = new StringBuilder();
    for (String key : keys) {
      String left = a.get(key);
      if (left != null && !left.isEmpty() && left.equals(b.get(key))) {
        text.append(text.length() == 0 ? "" : ", ").append(key).append('=').append(left);
      }
    }
    return text.toString();
  }
}
