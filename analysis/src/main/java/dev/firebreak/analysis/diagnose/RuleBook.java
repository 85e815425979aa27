package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.model.RootCause;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What names a root cause in the evidence: metric-name and log-text patterns per cause, from
 * what real exporters and runtimes call things — node_exporter, Micrometer and the JVM,
 * kube-state-metrics and cAdvisor, blackbox and cert-manager, OpenTelemetry semantic
 * conventions — never from one service's names. Extendable by configuration: patterns added
 * for a cause are tried alongside the built-in ones.
 */
public final class RuleBook {

  /** Metrics whose rise points at a cause. */
  private final Map<RootCause, List<Pattern>> risingMetrics = new EnumMap<>(RootCause.class);

  /** Metrics whose fall points at a cause. */
  private final Map<RootCause, List<Pattern>> fallingMetrics = new EnumMap<>(RootCause.class);

  private final Map<RootCause, List<Pattern>> logs = new EnumMap<>(RootCause.class);

  /** Metrics of calls this service makes to others: clients, RPC stubs, circuit breakers. */
  private final List<Pattern> outboundCalls = new ArrayList<>();

  /** Which kinds of series and text each cause rests on, as the README's table says. */
  private static final Map<RootCause, String> SUPPORT =
      Map.of(
          RootCause.BAD_DEPLOY,
          "a build-info series whose version label changes shortly before the incident,"
              + " restarts, a new deployment generation; startup and linkage errors",
          RootCause.RESOURCE_SATURATION,
          "CPU, throttling, load, busy threads and queues rising; not when it starts with or"
              + " after a traffic surge",
          RootCause.MEMORY_LEAK,
          "heap, resident memory and GC time rising; out-of-memory errors",
          RootCause.DEPENDENCY_DOWN,
          "targets and probes failing; failed calls in client spans and client error logs",
          RootCause.CONNECTION_POOL_EXHAUSTION,
          "pool connections pending, active or timing out rising; pool errors",
          RootCause.TRAFFIC_SURGE,
          "a request rate of non-error responses at least doubling; never the alert's own"
              + " expression, never an error count",
          RootCause.DISK_FULL,
          "free space or inodes falling, usage rising; no-space errors",
          RootCause.CERTIFICATE_EXPIRY,
          "an expiry timestamp less than 7 days ahead or past; TLS verification errors");

  private RuleBook() {}

  public static RuleBook defaults() {
    RuleBook book = new RuleBook();
    book.rising(
        RootCause.MEMORY_LEAK,
        "jvm_memory_(used|bytes_used)",
        "process_resident_memory_bytes",
        "container_memory_(working_set|rss|usage)",
        "go_memstats_(heap_inuse|alloc)_bytes",
        "nodejs_heap_size_used",
        "jvm_gc_(pause|collection)",
        "process_runtime_jvm_memory_usage",
        "jvm_memory_used",
        // JMX exporter and client_java's hotspot collectors.
        "jvm_memory_pool_(bytes_)?used",
        "java_lang_memory_heapmemoryusage_used",
        "java_lang_garbagecollector_.*collectiontime",
        // OpenTelemetry runtime metrics (jvm.gc.duration; the older process.runtime.jvm.*).
        "jvm_gc_duration",
        "process_runtime_jvm_gc_duration");
    book.logs(
        RootCause.MEMORY_LEAK,
        "OutOfMemoryError",
        "OOMKilled",
        "out of memory",
        "Cannot allocate memory",
        "GC overhead limit exceeded");
    book.rising(
        RootCause.RESOURCE_SATURATION,
        "process_cpu",
        "node_cpu_seconds",
        "container_cpu_(usage|cfs_throttled)",
        "node_pressure_cpu",
        "jvm_cpu_(recent_utilization|time)",
        "process_runtime_jvm_cpu",
        "node_load",
        "system_(load|cpu_usage)",
        "jvm_threads_(live|states|busy)",
        "executor_(queued|active|pool_size)",
        "tomcat_threads_busy",
        "jetty_threads_busy",
        "thread_pool",
        "process_open_fds",
        "node_network_receive_drop",
        "queue_(size|depth|length)");
    book.logs(
        RootCause.RESOURCE_SATURATION,
        "RejectedExecutionException",
        "thread pool (is )?(full|exhausted)",
        "Too many open files",
        "throttl");
    book.rising(
        RootCause.CONNECTION_POOL_EXHAUSTION,
        "hikaricp_connections_(pending|active|timeout)",
        "jdbc_connections_(active|pending)",
        "db_client_connections_(pending|usage|wait)",
        "pg_stat_activity_count",
        "mysql_global_status_threads_connected",
        "db_client_connection_(count|pending|wait|timeouts)",
        "r2dbc_pool_(acquired|pending|allocated)",
        "agroal_(awaiting|active|acquire)",
        "c3p0_.*(busy|awaiting|waiting)",
        "tomcat_jdbc_.*(active|wait)",
        "pool_(pending|wait|exhausted)",
        "pgbouncer_pools_client_waiting");
    book.logs(
        RootCause.CONNECTION_POOL_EXHAUSTION,
        "Connection is not available",
        "pool (is )?exhausted",
        "too many (connections|clients)",
        "remaining connection slots",
        "Timeout waiting for (idle|connection)",
        "Unable to acquire JDBC Connection");
    book.falling(
        RootCause.DISK_FULL,
        "node_filesystem_(avail|free)_bytes",
        "kubelet_volume_stats_available_bytes",
        "disk_free",
        "windows_logical_disk_free",
        "node_filesystem_files_free");
    book.rising(
        RootCause.DISK_FULL,
        "node_filesystem_files_used",
        "disk_used_percent",
        "system_filesystem_utilization",
        "container_fs_usage_bytes",
        "kubelet_volume_stats_used_bytes");
    book.logs(
        RootCause.DISK_FULL,
        "No space left on device",
        "ENOSPC",
        "disk (is )?full",
        "DiskFull",
        "disk quota exceeded");
    book.falling(
        RootCause.CERTIFICATE_EXPIRY,
        "probe_ssl_earliest_cert_expiry",
        "certmanager_certificate_expiration_timestamp",
        "ssl_(verified_)?cert_not_after",
        "x509_cert_not_after",
        "tls_cert_expiry");
    book.logs(
        RootCause.CERTIFICATE_EXPIRY,
        "certificate (has )?expired",
        "x509: certificate",
        "PKIX path",
        "SSLHandshakeException",
        "CERTIFICATE_VERIFY_FAILED",
        "certificate verify failed");
    book.rising(
        RootCause.TRAFFIC_SURGE,
        "_requests_total",
        "http_server_requests_seconds_count",
        "http_server_request_duration_seconds_count",
        "requests_per_second",
        "nginx_http_requests",
        "http_request_duration_seconds_count",
        "grpc_server_handled_total",
        "messages_(in|received)");
    // Outbound calls, by the standard instrumentation of each ecosystem; a call series points at
    // a failing dependency only when it counts failures or measures latency (see
    // Diagnoser.isCallFailure), never when it counts calls.
    book.outbound(
        "http_client_requests_seconds", // Micrometer http.client.requests
        "(^|_)client_(?!connection)", // Micrometer *.client.* timers, OpenTelemetry http.client.*
        "http_client_(request_)?duration", // OpenTelemetry (new and old conventions)
        "rpc_client_", // OpenTelemetry rpc.client.*
        "grpc_client_(handled|handling|started)", // go-grpc-prometheus, grpc-java's
        "resilience4j_circuitbreaker_(state|failure_rate|slow_call_rate|not_permitted|calls)");
    book.falling(
        RootCause.DEPENDENCY_DOWN,
        "^up$",
        "probe_success",
        "_up$",
        "kube_deployment_status_replicas_available",
        "kube_pod_status_ready");
    book.logs(
        RootCause.DEPENDENCY_DOWN,
        "connection refused",
        "Connection reset",
        "UnknownHostException",
        "no route to host",
        "upstream (connect )?(error|timed out)",
        "503 Service Unavailable",
        "dial tcp",
        "Name or service not known",
        "ECONNREFUSED",
        "circuit breaker (is )?open");
    book.rising(
        RootCause.BAD_DEPLOY,
        "_build_info",
        "kube_deployment_status_observed_generation",
        "kube_deployment_metadata_generation",
        "kube_replicaset_created",
        "process_start_time_seconds",
        "kube_pod_container_status_restarts_total");
    book.logs(
        RootCause.BAD_DEPLOY,
        "Starting .* (version|v)\\s*\\d",
        "rollout",
        "NoSuchMethodError",
        "ClassNotFoundException",
        "Unrecognized field",
        "configuration (error|invalid)",
        "invalid config");
    return book;
  }

  /** Adds patterns from configuration: {@code metrics.rising}, {@code metrics.falling}, {@code logs}. */
  public RuleBook with(RootCause cause, String kind, List<String> patterns) {
    switch (kind) {
      case "metrics.rising" -> rising(cause, patterns.toArray(String[]::new));
      case "metrics.falling" -> falling(cause, patterns.toArray(String[]::new));
      case "logs" -> logs(cause, patterns.toArray(String[]::new));
      default ->
          throw new IllegalArgumentException(
              "unknown rule kind " + kind + "; expected metrics.rising, metrics.falling or logs");
    }
    return this;
  }

  private void outbound(String... patterns) {
    for (String pattern : patterns) {
      outboundCalls.add(Pattern.compile(pattern));
    }
  }

  private void rising(RootCause cause, String... patterns) {
    add(risingMetrics, cause, patterns, 0);
  }

  private void falling(RootCause cause, String... patterns) {
    add(fallingMetrics, cause, patterns, 0);
  }

  private void logs(RootCause cause, String... patterns) {
    add(logs, cause, patterns, Pattern.CASE_INSENSITIVE);
  }

  private static void add(
      Map<RootCause, List<Pattern>> map, RootCause cause, String[] patterns, int flags) {
    List<Pattern> list = map.computeIfAbsent(cause, c -> new ArrayList<>());
    for (String pattern : patterns) {
      list.add(Pattern.compile(pattern, flags));
    }
  }

  /**
   * The names each cause reads, as the README's table: one row per cause, its rising and
   * falling metric patterns and log patterns, and a row for outbound calls.
   */
  public String table() {
    StringBuilder table =
        new StringBuilder()
            .append(
                "| cause | what can support it | metrics that rise | metrics that fall | log and"
                    + " span text |\n")
            .append("| --- | --- | --- | --- | --- |\n");
    for (RootCause cause : RootCause.values()) {
      List<Pattern> rise = risingMetrics.getOrDefault(cause, List.of());
      List<Pattern> fall = fallingMetrics.getOrDefault(cause, List.of());
      List<Pattern> text = logs.getOrDefault(cause, List.of());
      if (rise.isEmpty() && fall.isEmpty() && text.isEmpty()) {
        continue;
      }
      table
          .append("| ")
          .append(cause.wireName())
          .append(" | ")
          .append(SUPPORT.getOrDefault(cause, ""))
          .append(" | ")
          .append(cell(rise))
          .append(" | ")
          .append(cell(fall))
          .append(" | ")
          .append(cell(text))
          .append(" |\n");
    }
    return table
        .append("| dependency_down, from outbound calls | a call series that counts failures")
        .append(" (an error status or outcome, an open breaker, `error`/`fail`/`timeout` in")
        .append(" its name) or measures latency, never one that counts calls; a failed call to a")
        .append(" traced service counts for that service's own cause | ")
        .append(cell(outboundCalls))
        .append(" | | |\n")
        .toString();
  }

  private static String cell(List<Pattern> patterns) {
    return patterns.stream()
        .map(p -> "`" + p.pattern().replace("|", "\\|") + "`")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Causes a metric that moved in this direction points at. */
  List<RootCause> causesOfMetric(String name, boolean rose) {
    List<RootCause> causes = new ArrayList<>();
    (rose ? risingMetrics : fallingMetrics)
        .forEach(
            (cause, patterns) -> {
              if (patterns.stream().anyMatch(p -> p.matcher(name).find())) {
                causes.add(cause);
              }
            });
    return causes;
  }

  /** Whether the metric measures calls the service makes to another (its dependencies). */
  boolean isOutboundCall(String name) {
    return outboundCalls.stream().anyMatch(p -> p.matcher(name).find());
  }

  /** Whether the metric holds a certificate's expiry time (epoch seconds). */
  boolean isExpiryTimestamp(String name) {
    return fallingMetrics.getOrDefault(RootCause.CERTIFICATE_EXPIRY, List.of()).stream()
        .anyMatch(p -> p.matcher(name).find());
  }

  List<RootCause> causesOfLog(String text) {
    List<RootCause> causes = new ArrayList<>();
    logs.forEach(
        (cause, patterns) -> {
          if (patterns.stream().anyMatch(p -> p.matcher(text).find())) {
            causes.add(cause);
          }
        });
    return causes;
  }
}
