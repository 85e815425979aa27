package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.port.IncidentEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The incident event stream on SQLite or PostgreSQL. Events are written by the other roles
 * inside their own transactions ({@link #write}); this class reads the stream and keeps the
 * consumers' positions.
 */
final class JdbcIncidentEvents implements IncidentEvents {

  private static final String COLUMNS =
      "id, incident_id, kind, at, recorded_at, detail," + " signal_id, run";
  private static final String INSERT =
      "INSERT INTO incident_events (incident_id, kind, at,"
          + " recorded_at, detail, signal_id, run) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private final Transactor db;
  private final Dialect dialect;

  JdbcIncidentEvents(Transactor db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  /** Writes one event in the caller's transaction. */
  static void write(
      Connection connection,
      Dialect dialect,
      long incidentId,
      IncidentEventKind kind,
      Instant at,
      String detail,
      Long signalId,
      Integer run)
      throws SQLException {
    dialect.lockEvents(connection);
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bind(insert, incidentId, kind, at, detail, signalId, run);
      insert.executeUpdate();
    }
  }

  /** A batch of events for one transaction, written at {@link #flush}. */
  static final class Batch {
    private final Connection connection;
    private final Dialect dialect;
    private PreparedStatement insert;

    Batch(Connection connection, Dialect dialect) {
      this.connection = connection;
      this.dialect = dialect;
    }

    void add(long incidentId, IncidentEventKind kind, Instant at, String detail, Long signalId)
        throws SQLException {
      if (insert == null) {
        insert = connection.prepareStatement(INSERT);
      }
      bind(insert, incidentId, kind, at, detail, signalId, null);
      insert.addBatch();
    }

    void flush() throws SQLException {
      if (insert != null) {
        dialect.lockEvents(connection);
        insert.executeBatch();
        insert.close();
        insert = null;
      }
    }
  }

  private static void bind(
      PreparedStatement insert,
      long incidentId,
      IncidentEventKind kind,
      Instant at,
      String detail,
      Long signalId,
      Integer run)
      throws SQLException {
    insert.setLong(1, incidentId);
    insert.setString(2, kind.wireName());
    Times.set(insert, 3, at);
    Times.set(insert, 4, Instant.now());
    insert.setString(5, detail);
    if (signalId == null) {
      insert.setNull(6, Types.BIGINT);
    } else {
      insert.setLong(6, signalId);
    }
    if (run == null) {
      insert.setNull(7, Types.INTEGER);
    } else {
      insert.setInt(7, run);
    }
  }

  @Override
  public List<IncidentEvent> eventsOf(long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM incident_events WHERE incident_id = ? ORDER BY id")) {
            query.setLong(1, incidentId);
            return events(query);
          }
        });
  }

  /**
   * On PostgreSQL the consumer's row stays locked while the handler runs, so a second gateway
   * running the same consumer waits and then starts after this batch. On SQLite holding the one
   * write lock through a handler would stall intake, so the batch is read, handled, and the
   * position moved only if it is still where it was (one gateway per SQLite file; a moved
   * position means another process consumed, and is an error).
   */
  @Override
  public int consume(String consumer, int limit, Handler handler) {
    if (dialect == Dialect.SQLITE) {
      return consumeThenAdvance(consumer, limit, handler);
    }
    return db.write(
        connection -> {
          long position = lockPosition(connection, consumer);
          List<IncidentEvent> events = after(connection, position, limit);
          if (events.isEmpty()) {
            return 0;
          }
          handle(consumer, handler, events);
          advance(connection, consumer, position, events.get(events.size() - 1).id());
          return events.size();
        });
  }

  private int consumeThenAdvance(String consumer, int limit, Handler handler) {
    long position = position(consumer);
    List<IncidentEvent> events = db.read(connection -> after(connection, position, limit));
    if (events.isEmpty()) {
      return 0;
    }
    handle(consumer, handler, events);
    boolean moved =
        db.write(
            connection -> {
              lockPosition(connection, consumer);
              return advance(connection, consumer, position, events.get(events.size() - 1).id());
            });
    if (!moved) {
      throw new IllegalStateException(
          "event consumer "
              + consumer
              + " was advanced by"
              + " another process; a SQLite store serves one gateway");
    }
    return events.size();
  }

  private static void handle(String consumer, Handler handler, List<IncidentEvent> events) {
    try {
      handler.handle(events);
    } catch (Exception e) {
      throw new EventHandlerException(consumer, e);
    }
  }

  private static List<IncidentEvent> after(Connection connection, long position, int limit)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM incident_events WHERE id > ? ORDER BY id LIMIT ?")) {
      query.setLong(1, position);
      query.setInt(2, limit);
      return events(query);
    }
  }

  /** Moves the position from {@code from} to {@code to}; false if it was no longer there. */
  private static boolean advance(Connection connection, String consumer, long from, long to)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE event_consumers"
                + " SET position = ?, updated_at = ? WHERE name = ? AND position = ?")) {
      update.setLong(1, to);
      Times.set(update, 2, Instant.now());
      update.setString(3, consumer);
      update.setLong(4, from);
      return update.executeUpdate() == 1;
    }
  }

  /** The consumer's position, its row locked for this transaction (created at 0 if new). */
  private long lockPosition(Connection connection, String consumer) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO event_consumers"
                + " (name, position, updated_at) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING")) {
      insert.setString(1, consumer);
      Times.set(insert, 2, Instant.now());
      insert.executeUpdate();
    }
    String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT position FROM" + " event_consumers WHERE name = ?" + lock)) {
      query.setString(1, consumer);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Override
  public long position(String consumer) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT position FROM" + " event_consumers WHERE name = ?")) {
            query.setString(1, consumer);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next() ? rows.getLong(1) : 0L;
            }
          }
        });
  }

  @Override
  public long latestEventId() {
    return db.read(
        connection -> {
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT COALESCE(MAX(id), 0)" + " FROM incident_events");
              ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  @Override
  public int deleteRecordedBefore(Instant cutoff) {
    return db.write(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM incident_events" + " WHERE recorded_at < ?")) {
            Times.set(delete, 1, cutoff);
            int deleted = delete.executeUpdate();
            // What is keyed by those events goes with them: they can never be handed over again.
            try (PreparedStatement decisions =
                connection.prepareStatement(
                    "DELETE FROM notification_decisions WHERE decided_at < ?")) {
              Times.set(decisions, 1, cutoff);
              decisions.executeUpdate();
            }
            try (PreparedStatement decisions =
                connection.prepareStatement(
                    "DELETE FROM remediation_decisions WHERE decided_at < ?")) {
              Times.set(decisions, 1, cutoff);
              decisions.executeUpdate();
            }
            return deleted;
          }
        });
  }

  private static List<IncidentEvent> events(PreparedStatement query) throws SQLException {
    List<IncidentEvent> events = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        long signal = rows.getLong("signal_id");
        Long signalId = rows.wasNull() ? null : signal;
        int run = rows.getInt("run");
        Integer runNumber = rows.wasNull() ? null : run;
        events.add(
            new IncidentEvent(
                rows.getLong("id"),
                rows.getLong("incident_id"),
                IncidentEventKind.fromWireName(rows.getString("kind")),
                Times.get(rows, "at"),
                Times.get(rows, "recorded_at"),
                rows.getString("detail"),
                signalId,
                runNumber));
      }
    }
    return events;
  }
}
