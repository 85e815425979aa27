package dev.firebreak.integrations.http;

import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.Findings;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What every trace source shares: trace APIs search by service, so the search goes service by
 * service while the findings have room, and a trace found through two services is kept once.
 */
public final class TraceSearch {

  /** Searches one service for up to {@code limit} failing traces. */
  @FunctionalInterface
  public interface PerService {
    void search(String service, int limit, TraceSearch traces);
  }

  private final Findings<TraceSummary> out;
  private final Set<String> seen = new HashSet<>();

  private TraceSearch(Findings<TraceSummary> out) {
    this.out = out;
  }

  /** Runs {@code perService} for each of the incident's services until the findings are full. */
  public static void eachService(
      EvidenceRequest request, Findings<TraceSummary> out, PerService perService) {
    if (request.services().isEmpty()) {
      out.truncated("the incident names no service, and traces are searched by service");
      return;
    }
    TraceSearch traces = new TraceSearch(out);
    for (String service : request.services()) {
      if (out.full()) {
        return;
      }
      // One more than fits: if it comes, there were more than the limit, and Findings says so.
      perService.search(service, out.remaining() + 1, traces);
    }
  }

  /** Notes a query about to be sent. */
  public void query(String query) {
    out.query(query);
  }

  /** Notes that the answer is incomplete, and why. */
  public void truncated(String reason) {
    out.truncated(reason);
  }

  /** Whether the trace is new; a trace found through two services is kept once. */
  public boolean firstTime(String traceId) {
    return seen.add(traceId);
  }

  /** Adds a trace already checked with {@link #firstTime}; false once the findings are full. */
  public boolean add(TraceSummary trace) {
    return out.add(trace);
  }

  /** Adds a trace unless it was seen before; false once the findings are full. */
  public boolean offer(TraceSummary trace) {
    return !firstTime(trace.traceId()) || add(trace);
  }

  public static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static Instant fromNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
