package dev.firebreak.analysis.intake;

import dev.firebreak.analysis.model.Signal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dedup keys of the most recently committed signals, least recently used forgotten first.
 * Only ever says "this is on disk": a key it does not know goes to the store as usual, so a
 * small or cold cache costs speed, never correctness.
 */
final class RecentKeys {

  private final int capacity;
  private final Map<String, Boolean> keys;

  RecentKeys(int capacity) {
    this.capacity = capacity;
    this.keys =
        new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RecentKeys.this.capacity;
          }
        };
  }

  synchronized boolean containsAll(List<Signal> signals) {
    if (capacity == 0) {
      return false;
    }
    for (Signal signal : signals) {
      if (keys.get(key(signal)) == null) {
        return false;
      }
    }
    return true;
  }

  synchronized void addAll(List<Signal> signals) {
    if (capacity == 0) {
      return;
    }
    for (Signal signal : signals) {
      keys.put(key(signal), Boolean.TRUE);
    }
  }

  private static String key(Signal signal) {
    return signal.source().ordinal() + ":" + signal.dedupKey();
  }
}
