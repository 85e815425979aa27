package dev.firebreak.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A schema of its own on a real PostgreSQL ({@code FIREBREAK_TEST_POSTGRES_URL}, by default the
 * local server) for one test of a suite run on PostgreSQL. Fails, never skips, when the server
 * is missing.
 */
final class PostgresSchema {

  static final String BASE_URL =
      System.getenv()
          .getOrDefault(
              "FIREBREAK_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres");

  private final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  /** Creates a fresh schema whose name starts with {@code prefix}. */
  static PostgresSchema create(String prefix) throws Exception {
    PostgresSchema schema =
        new PostgresSchema(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
    execute("CREATE SCHEMA " + schema.name);
    return schema;
  }

  /** The settings that point a gateway at this schema. */
  Map<String, String> settings() {
    return Map.of("FIREBREAK_DATABASE_URL", BASE_URL + "&currentSchema=" + name);
  }

  void drop() throws Exception {
    execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  private static void execute(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(BASE_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
