package dev.firebreak.analysis.investigate;

import dev.firebreak.analysis.model.Signal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads an alert's own query from what its source sent. */
public final class AlertExpressions {

  /** Datadog monitor syntax: {@code avg(last_5m):avg:system.cpu.user{host:a} > 90}. */
  private static final Pattern DATADOG_MONITOR =
      Pattern.compile("^\\s*\\w+\\(\\w+\\)\\s*:|:[a-z_]+\\.[a-z_.]+\\{");

  private AlertExpressions() {}

  /**
   * Alertmanager: the {@code g0.expr} parameter of the rule's generatorURL (Prometheus's graph
   * link); Datadog: the monitor query the payload carried.
   */
  public static Optional<String> of(Signal signal) {
    String url = signal.links().get("generatorURL");
    if (url != null) {
      Optional<String> expr = graphExpression(url);
      if (expr.isPresent()) {
        return expr;
      }
    }
    String query = signal.annotations().get("query");
    if (query == null || query.isBlank() || DATADOG_MONITOR.matcher(query).find()) {
      // Datadog's own monitor syntax (avg(last_5m):avg:system.cpu.user{…} > 90) is not PromQL;
      // only a query from Datadog's Prometheus/OpenMetrics integration is worth sending.
      return Optional.empty();
    }
    return Optional.of(query);
  }

  static Optional<String> graphExpression(String url) {
    String rawQuery;
    try {
      rawQuery = URI.create(url).getRawQuery();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (rawQuery == null) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals("g0.expr")) {
        String expr = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        return expr.isBlank() ? Optional.empty() : Optional.of(expr.trim());
      }
    }
    return Optional.empty();
  }
}
