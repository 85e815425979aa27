package dev.firebreak.analysis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.RootCause;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleBookTest {

  private final RuleBook rules = RuleBook.defaults();

  @Test
  void eachEcosystemsNamesPointAtTheirCause() {
    // Pools: HikariCP, Agroal, c3p0, R2DBC, OpenTelemetry's db.client.connection.*.
    for (String pool :
        new String[] {
          "hikaricp_connections_pending",
          "agroal_awaiting_count",
          "c3p0_threads_awaiting",
          "r2dbc_pool_pending_connections",
          "db_client_connection_pending_requests",
          "jdbc_connections_active"
        }) {
      assertThat(rules.causesOfMetric(pool, true))
          .as(pool)
          .contains(RootCause.CONNECTION_POOL_EXHAUSTION);
    }
    // JVM memory and GC: Micrometer, the JMX exporter, OpenTelemetry.
    for (String jvm :
        new String[] {
          "jvm_memory_used_bytes",
          "jvm_memory_bytes_used",
          "jvm_memory_pool_bytes_used",
          "java_lang_memory_heapmemoryusage_used",
          "jvm_gc_duration_seconds_bucket",
          "process_runtime_jvm_memory_usage_bytes"
        }) {
      assertThat(rules.causesOfMetric(jvm, true)).as(jvm).contains(RootCause.MEMORY_LEAK);
    }
    // CPU and throttling: process, cAdvisor, OpenTelemetry's JVM CPU.
    for (String cpu :
        new String[] {
          "process_cpu_seconds_total",
          "container_cpu_cfs_throttled_periods_total",
          "container_cpu_cfs_throttled_seconds_total",
          "jvm_cpu_recent_utilization_ratio"
        }) {
      assertThat(rules.causesOfMetric(cpu, true)).as(cpu).contains(RootCause.RESOURCE_SATURATION);
    }
    for (String call :
        new String[] {
          "http_client_requests_seconds_count",
          "http_client_request_duration_seconds_bucket",
          "rpc_client_duration_milliseconds_bucket",
          "grpc_client_handled_total",
          "resilience4j_circuitbreaker_state",
          "lettuce_client_command_seconds_max"
        }) {
      assertThat(rules.isOutboundCall(call)).as(call).isTrue();
    }
    // A pool's connection counts are not calls.
    assertThat(rules.isOutboundCall("db_client_connections_usage")).isFalse();
    assertThat(rules.isOutboundCall("http_server_requests_seconds_count")).isFalse();
  }

  @Test
  void theReadmeListsTheNamesEachCauseReads() throws Exception {
    String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
    assertThat(readme)
        .as("README's table of names per cause; replace it with RuleBook.defaults().table()")
        .contains(rules.table());
  }
}
