package dev.firebreak.analysis.port;

import java.util.List;

/** One page of results; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, Long nextCursor) {

  public Page {
    items = List.copyOf(items);
  }
}
