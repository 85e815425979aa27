package dev.firebreak.integrations.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The few places where SQLite and PostgreSQL differ. */
enum Dialect {
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", "") {
    @Override
    void lockCorrelation(Connection connection) {
      // SQLite has one writer: the write transaction (BEGIN IMMEDIATE) already excludes others.
    }
  },
  POSTGRESQL("BIGSERIAL PRIMARY KEY", "BYTEA", " FOR UPDATE SKIP LOCKED") {
    @Override
    void lockCorrelation(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + CORRELATION_LOCK + ")");
      }
    }
  };

  /** An arbitrary constant naming the correlation lock among the database's advisory locks. */
  private static final long CORRELATION_LOCK = 0x46697265627265L;

  /** The column definition of an auto-increment key, for the schema's {@code ${identity}}. */
  final String identity;
  /** The column type of binary data, for the schema's {@code ${blob}}. */
  final String blob;
  /**
   * Appended to a queue's claim query so that concurrent claimers skip each other's rows;
   * SQLite needs none, its write transaction already excludes other writers.
   */
  final String skipLocked;

  Dialect(String identity, String blob, String skipLocked) {
    this.identity = identity;
    this.blob = blob;
    this.skipLocked = skipLocked;
  }

  /** Makes this transaction the only correlating one across gateways sharing the database. */
  abstract void lockCorrelation(Connection connection) throws SQLException;

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL: expected jdbc:sqlite:… or jdbc:postgresql:…");
  }
}
