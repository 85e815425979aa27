package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.model.Span;
import dev.firebreak.analysis.model.TraceFinding;
import dev.firebreak.analysis.model.TraceSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where failing traces first fail. In each trace the deepest failing span is where the error
 * began (its parents fail because it did); traces are grouped by that span's service and
 * operation, with the service path from the root and the span slowest against its usual
 * duration across the traces.
 */
final class TraceAnalysis {

  private TraceAnalysis() {}

  static List<TraceFinding> analyse(List<TraceSummary> traces) {
    Map<String, List<Long>> durations = new HashMap<>();
    for (TraceSummary trace : traces) {
      for (Span span : trace.spans()) {
        durations.computeIfAbsent(key(span), k -> new ArrayList<>()).add(span.durationMicros());
      }
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    for (TraceSummary trace : traces) {
      Map<String, Span> byId = new HashMap<>();
      trace.spans().forEach(span -> byId.put(span.spanId(), span));
      Span deepest = null;
      int deepestDepth = -1;
      for (Span span : trace.spans()) {
        if (!span.error()) {
          continue;
        }
        int depth = depth(span, byId);
        if (depth > deepestDepth) {
          deepest = span;
          deepestDepth = depth;
        }
      }
      if (deepest == null) {
        continue;
      }
      Group group = groups.computeIfAbsent(key(deepest), k -> new Group());
      group.add(trace, deepest, path(deepest, byId), slowest(trace, durations));
    }
    List<TraceFinding> findings = new ArrayList<>();
    for (Group group : groups.values()) {
      findings.add(
          new TraceFinding(
              group.first.service(),
              group.first.operation(),
              group.message,
              group.path,
              group.ids.size(),
              group.slowest,
              group.ids));
    }
    findings.sort(Comparator.comparingLong(TraceFinding::traces).reversed());
    return findings;
  }

  private static String key(Span span) {
    return span.service() + "\u0000" + span.operation();
  }

  private static int depth(Span span, Map<String, Span> byId) {
    int depth = 0;
    Span current = span;
    while (current.parentId() != null && byId.containsKey(current.parentId()) && depth < 256) {
      current = byId.get(current.parentId());
      depth++;
    }
    return depth;
  }

  /** Tags that name what a client span calls (OpenTelemetry and OpenTracing conventions). */
  private static final List<String> PEER_TAGS =
      List.of(
          "peer.service",
          "server.address",
          "net.peer.name",
          "db.system",
          "messaging.system",
          "rpc.service");

  private static List<String> path(Span span, Map<String, Span> byId) {
    List<String> services = new ArrayList<>();
    if (span.kind().equals("client") || span.kind().equals("producer")) {
      for (String tag : PEER_TAGS) {
        String peer = span.tags().get(tag);
        if (peer != null && !peer.isBlank() && !peer.equals(span.service())) {
          services.add(peer);
          break;
        }
      }
    }
    Span current = span;
    for (int i = 0; current != null && i < 256; i++) {
      if (services.isEmpty() || !services.get(services.size() - 1).equals(current.service())) {
        services.add(current.service());
      }
      current = current.parentId() == null ? null : byId.get(current.parentId());
    }
    Collections.reverse(services);
    return services;
  }

  /** The span whose duration is furthest above its operation's median, as "service op". */
  private static String slowest(TraceSummary trace, Map<String, List<Long>> durations) {
    String slowest = "";
    double worst = 1.5;
    for (Span span : trace.spans()) {
      List<Long> all = new ArrayList<>(durations.get(key(span)));
      Collections.sort(all);
      long median = all.get(all.size() / 2);
      double ratio = median == 0 ? 0 : span.durationMicros() / (double) median;
      if (ratio > worst) {
        worst = ratio;
        slowest = span.service() + " " + span.operation();
      }
    }
    return slowest;
  }

  private static final class Group {
    Span first;
    String message = "";
    List<String> path = List.of();
    String slowest = "";
    final List<String> ids = new ArrayList<>();

    void add(TraceSummary trace, Span failing, List<String> services, String slow) {
      if (first == null) {
        first = failing;
        path = services;
      }
      if (message.isEmpty()) {
        message = failing.statusMessage();
      }
      if (slowest.isEmpty()) {
        slowest = slow;
      }
      ids.add(trace.id());
    }
  }
}
