package dev.firebreak.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hostile-input suite on a real PostgreSQL ({@code FIREBREAK_TEST_POSTGRES_URL}, by default
 * the local server), each test in its own schema. Fails, never skips, when the server is
 * missing.
 */
class PostgresHostileInputIT extends HostileInputContract {

  static final String BASE_URL =
      System.getenv()
          .getOrDefault(
              "FIREBREAK_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");

  private String schema;

  @Override
  Map<String, String> storeSettings() throws Exception {
    schema = "fb_hostile_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    execute("CREATE SCHEMA " + schema);
    return Map.of("FIREBREAK_DATABASE_URL", BASE_URL + "&currentSchema=" + schema);
  }

  @Override
  void dropStore() throws Exception {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(BASE_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
