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

    @Override
    void lockEvents(Connection connection) {
      // One writer: events already commit in id order.
    }

    @Override
    boolean refusesContent(SQLException error) {
      // Primary result codes TOOBIG, CONSTRAINT, MISMATCH, RANGE: the statement's values, not
      // the database, are at fault. BUSY, IOERR, FULL and the rest are the database's state.
      for (SQLException e = error; e != null; e = next(e)) {
        int code = e.getErrorCode() & 0xff;
        if (code == 18 || code == 19 || code == 20 || code == 25) {
          return true;
        }
      }
      return false;
    }
  },
  POSTGRESQL("BIGSERIAL PRIMARY KEY", "BYTEA", " FOR UPDATE SKIP LOCKED") {
    @Override
    void lockCorrelation(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + CORRELATION_LOCK + ")");
      }
    }

    /**
     * Held to commit, taken before the event ids are drawn: the next transaction to write
     * events draws its ids after this one's are visible, so ids become visible in order.
     */
    @Override
    void lockEvents(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + EVENTS_LOCK + ")");
      }
    }

    @Override
    boolean refusesContent(SQLException error) {
      // SQLSTATE classes 22 (data exception: NUL in text, a value out of range), 23 (integrity
      // constraint: a key already there, a missing reference; SQLite's CONSTRAINT) and 54
      // (program limit exceeded: an index entry too large). Connection (08), resources (53),
      // operator intervention (57) and the rest say the database cannot work now.
      for (SQLException e = error; e != null; e = next(e)) {
        String state = e.getSQLState();
        if (state != null
            && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"))) {
          return true;
        }
      }
      return false;
    }
  };

  /** An arbitrary constant naming the correlation lock among the database's advisory locks. */
  private static final long CORRELATION_LOCK = 0x46697265627265L;

  /** The same for the incident event stream. */
  private static final long EVENTS_LOCK = 0x46697265627266L;

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

  /** Serialises event writers until commit; taken before a transaction's first event. */
  abstract void lockEvents(Connection connection) throws SQLException;

  /**
   * Whether the database refused the statement's values rather than failed to work: retrying
   * the same values fails again, while other work would succeed.
   */
  abstract boolean refusesContent(SQLException error);

  /** The next exception of a batch, else the cause when it is an SQL one. */
  private static SQLException next(SQLException e) {
    if (e.getNextException() != null && e.getNextException() != e) {
      return e.getNextException();
    }
    return e.getCause() instanceof SQLException cause && cause != e ? cause : null;
  }

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
