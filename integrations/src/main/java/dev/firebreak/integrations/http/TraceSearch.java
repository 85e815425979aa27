package dev.firebreak.integrations.http;

import dev.firebreak.analysis.model.TraceSummary;
import dev.firebreak.analysis.port.EvidenceRequest;
import dev.firebreak.analysis.port.Findings;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** What every trace source shares: searching service by service, each trace once. */
public final class TraceSearch {

  private final Findings<TraceSummary> out;
  private final Set<String> seen = new HashSet<>();

  public TraceSearch(Findings<TraceSummary> out) {
    this.out = out;
  }

  /**
   * Whether the request names a service to search; trace APIs search by service. Notes the
   * gap otherwise.
   */
  public static boolean hasServices(EvidenceRequest request, Findings<TraceSummary> out) {
    if (request.services().isEmpty()) {
      out.truncated("the incident names no service, and traces are searched by service");
      return false;
    }
    return true;
  }

  /** Whether the trace is new; a trace found through two services is kept once. */
  public boolean firstTime(String traceId) {
    return seen.add(traceId);
  }

  public boolean add(TraceSummary trace) {
    return out.add(trace);
  }

  public static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static Instant fromNanos(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L));
  }
}
