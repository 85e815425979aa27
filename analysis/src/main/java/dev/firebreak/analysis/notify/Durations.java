package dev.firebreak.analysis.notify;

import java.time.Duration;

/** Durations as people write them in messages: "5 min", "90 s", "2 h". */
public final class Durations {

  private Durations() {}

  public static String words(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + " h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }
}
