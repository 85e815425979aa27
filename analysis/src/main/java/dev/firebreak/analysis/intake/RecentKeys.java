package dev.firebreak.analysis.intake;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.firebreak.analysis.model.Signal;
import java.util.List;

/**
 * The dedup keys of recently committed signals, bounded, the least useful forgotten first
 * (Caffeine's size eviction). Only ever says "this is on disk": a key it does not know goes to
 * the store as usual, so a small or cold cache costs speed, never correctness.
 *
 * <p>Every request thread asks it and the intake writer adds to it after each commit, before the
 * senders are answered: under a lock (it was a synchronized access-ordered map) sixty-four
 * request threads on two cores kept the writer waiting for the lock and stretched every commit.
 * Caffeine's reads take no lock, and its maintenance runs on the calling thread, not a pool.
 */
final class RecentKeys {

  private final Cache<String, Boolean> keys;

  RecentKeys(int capacity) {
    this.keys =
        capacity == 0
            ? null
            : Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
  }

  boolean containsAll(List<Signal> signals) {
    if (keys == null) {
      return false;
    }
    for (Signal signal : signals) {
      if (keys.getIfPresent(key(signal)) == null) {
        return false;
      }
    }
    return true;
  }

  void addAll(List<Signal> signals) {
    if (keys == null) {
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
