package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store from before notifications (schema 10) with incidents in it: after the upgrade the
 * notify consumer starts after the events already there, so nobody is paged for history, and
 * sees every event written after.
 */
class NotificationMigrationTest {

  @TempDir Path directory;

  @Test
  void upgrade_startsNotificationsAfterTheRetainedEvents() throws Exception {
    String url = "jdbc:sqlite:" + directory.resolve("old.db");
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/common")
        .placeholders(Map.of("identity", "INTEGER PRIMARY KEY AUTOINCREMENT", "blob", "BLOB"))
        .target("10")
        .load()
        .migrate();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      for (int i = 1; i <= 3; i++) {
        statement.execute(
            "INSERT INTO incident_events (incident_id, kind, at, recorded_at, detail) VALUES ("
                + i
                + ", 'opened', 0, 0, 'opened long ago')");
      }
    }
    try (JdbcIncidentStore store = JdbcIncidentStore.open(url, 2)) {
      store.migrate();
      assertThat(store.events().position("notify")).isEqualTo(3);
      assertThat(store.events().position("memory")).as("other consumers unchanged").isZero();
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO incident_events (incident_id, kind, at, recorded_at, detail) VALUES"
                + " (4, 'opened', 0, 0, 'opened after the upgrade')");
      }
      List<Long> seen = new ArrayList<>();
      store.events().consume("notify", 10, events -> events.forEach(e -> seen.add(e.incidentId())));
      assertThat(seen).containsExactly(4L);
    }
  }
}
