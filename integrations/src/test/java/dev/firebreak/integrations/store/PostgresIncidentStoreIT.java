package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.StoreRejectedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL ({@code FIREBREAK_TEST_POSTGRES_URL}, by default the local
 * server on 127.0.0.1:5432). Each test gets its own schema. Fails, never skips, when the server
 * is missing: CI must run it.
 */
class PostgresIncidentStoreIT extends IncidentStoreContract {

  static final String BASE_URL = System.getenv().getOrDefault("FIREBREAK_TEST_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");

  private String schema;

  @Override
  JdbcIncidentStore newStore() throws Exception {
    schema = "fb_contract_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    execute("CREATE SCHEMA " + schema);
    return reopen();
  }

  @Override
  JdbcIncidentStore reopen() {
    return JdbcIncidentStore.open(BASE_URL + "&currentSchema=" + schema, 4);
  }

  @AfterEach
  void dropSchema() throws Exception {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /**
   * The second line behind the gateway's edge checks: PostgreSQL refuses NUL in text, and the
   * store says the content was refused rather than that it is unavailable, so intake sets the
   * submission apart instead of failing its whole group commit with 503.
   */
  @Test
  void append_textWithNul_isRefusedAsContentNotAsUnavailable() throws Exception {
    try (JdbcIncidentStore store = newStore()) {
      Signal clean = TestSignals.firing(Source.ALERTMANAGER, "g", "clean",
          Instant.parse("2026-11-21T10:00:00Z"), Map.of());
      Signal template = TestSignals.firing(Source.ALERTMANAGER, "g", "nul",
          Instant.parse("2026-11-21T10:00:00Z"), Map.of());
      Signal nul = new Signal(template.source(), template.dedupKey(), template.groupKey(),
          template.alertKey(), template.status(), template.event(), template.severity(),
          "a title with \u0000 in it", template.labels(), template.annotations(),
          template.links(), template.startsAt(), null, 0);
      assertThatThrownBy(() -> store.append(List.of(clean, nul), Instant.now()))
          .isInstanceOf(StoreRejectedException.class);
      assertThat(store.append(List.of(clean), Instant.now())).containsExactly(true);
      assertThat(store.check().ok()).isTrue();
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(BASE_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
