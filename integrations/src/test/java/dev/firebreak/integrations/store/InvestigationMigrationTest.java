package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.port.InvestigationStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database from before investigations leased through the work queue (schema 7) keeps every
 * investigation's state across the upgrade: pending, leased, done with runs, failed.
 */
class InvestigationMigrationTest {

  @TempDir Path directory;

  @Test
  void upgrade_movesEveryInvestigationsStateOntoTheWorkQueue() throws Exception {
    String url = "jdbc:sqlite:" + directory.resolve("old.db");
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/common")
        .placeholders(Map.of("identity", "INTEGER PRIMARY KEY AUTOINCREMENT", "blob", "BLOB"))
        .target("7")
        .load()
        .migrate();
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    long micros = Times.micros(t0);
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO investigations (incident_id, state, due_at, runs, attempts) VALUES"
              + " (1, 'pending', "
              + micros
              + ", 0, 0)");
      statement.execute(
          "INSERT INTO investigations (incident_id, state, due_at, runs, runs_left, not_before,"
              + " attempts) VALUES (2, 'done', "
              + micros
              + ", 2, 1, "
              + micros
              + ", 0)");
      statement.execute(
          "INSERT INTO investigations (incident_id, state, due_at, runs, attempts, last_error)"
              + " VALUES (3, 'failed', "
              + micros
              + ", 0, 5, 'prometheus unreachable')");
    }

    try (JdbcIncidentStore store = JdbcIncidentStore.open(url, 2)) {
      store.migrate();
      assertThat(store.investigations().status(1))
          .contains(new InvestigationStatus("pending", t0, 0, 0, ""));
      assertThat(store.investigations().status(2).orElseThrow().state()).isEqualTo("done");
      assertThat(store.investigations().status(2).orElseThrow().runs()).isEqualTo(2);
      assertThat(store.investigations().status(3))
          .contains(new InvestigationStatus("failed", t0, 0, 5, "prometheus unreachable"));
      // The pending one is claimed as before, as its first run.
      var claim = store.investigations().claim(t0, Duration.ofMinutes(1)).orElseThrow();
      assertThat(claim.incidentId()).isEqualTo(1);
      assertThat(claim.run()).isEqualTo(1);
      assertThat(store.investigations().claim(t0, Duration.ofMinutes(1))).isEmpty();
    }
  }
}
