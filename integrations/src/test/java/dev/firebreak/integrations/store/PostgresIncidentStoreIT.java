package dev.firebreak.integrations.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;

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

  private static void execute(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(BASE_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
