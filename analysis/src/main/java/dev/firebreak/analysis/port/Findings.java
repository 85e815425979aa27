package dev.firebreak.analysis.port;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a source puts what it found, item by item, so that whatever arrived before a timeout
 * or a failure is kept. Safe to use from the source's thread while the investigation reads it.
 *
 * @param <T> series, log lines or traces
 */
public final class Findings<T> {

  private final int limit;
  private final List<T> items = new ArrayList<>();
  private final List<String> queries = new ArrayList<>();
  private String truncation = "";

  public Findings(int limit) {
    this.limit = limit;
  }

  /** Notes a query about to be sent. */
  public synchronized void query(String query) {
    queries.add(query);
  }

  /** Adds an item; returns false, and notes the truncation, once the limit is reached. */
  public synchronized boolean add(T item) {
    if (items.size() >= limit) {
      truncated("more than " + limit + " items");
      return false;
    }
    items.add(item);
    return true;
  }

  public synchronized boolean full() {
    return items.size() >= limit;
  }

  public synchronized int remaining() {
    return limit - items.size();
  }

  /** Notes that the source had more than was taken, and why. The first reason is kept. */
  public synchronized void truncated(String reason) {
    if (truncation.isEmpty()) {
      truncation = reason;
    }
  }

  public synchronized List<T> items() {
    return List.copyOf(items);
  }

  public synchronized List<String> queries() {
    return List.copyOf(queries);
  }

  /** Why the answer is incomplete, or {@code ""}. */
  public synchronized String truncation() {
    return truncation;
  }
}
