package dev.firebreak.gateway.config;

import dev.firebreak.analysis.model.Severity;
import java.util.Locale;
import java.util.Map;

/** Maps a source's own severity words (label values, priorities, urgencies) to ours. */
public final class SeverityMapping {

  private final Map<String, Severity> byValue;
  private final Severity fallback;

  public SeverityMapping(Map<String, Severity> byValue, Severity fallback) {
    this.byValue = Map.copyOf(byValue);
    this.fallback = fallback;
  }

  /** The first of {@code values} that the map knows, case-insensitively, else the fallback. */
  public Severity map(String... values) {
    for (String value : values) {
      if (value == null) {
        continue;
      }
      Severity severity = byValue.get(value.toLowerCase(Locale.ROOT));
      if (severity != null) {
        return severity;
      }
    }
    return fallback;
  }
}
