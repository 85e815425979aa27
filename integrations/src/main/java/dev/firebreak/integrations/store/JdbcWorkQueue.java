package dev.firebreak.integrations.store;

import dev.firebreak.analysis.port.WorkQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The work queue on SQLite or PostgreSQL ({@code work_items}). */
final class JdbcWorkQueue implements WorkQueue {

  private static final int MAX_ERROR_LENGTH = 1000;
  private static final String COLUMNS =
      "kind, subject, state, due_at, attempts, max_attempts," + " last_error, payload, updated_at";

  private final Transactor db;
  private final Dialect dialect;

  JdbcWorkQueue(Transactor db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  @Override
  public void enqueue(String kind, String subject, Instant dueAt, String payload, int maxAttempts) {
    db.write(
        connection -> {
          enqueue(connection, kind, subject, dueAt, payload, maxAttempts);
          return null;
        });
  }

  /** The same inside the caller's transaction, so work is asked for with what caused it. */
  static void enqueue(
      Connection connection,
      String kind,
      String subject,
      Instant dueAt,
      String payload,
      int maxAttempts)
      throws SQLException {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1");
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO work_items"
                + " (kind, subject, state, due_at, attempts, max_attempts, payload, updated_at)"
                + " VALUES (?, ?, 'pending', ?, 0, ?, ?, ?) ON CONFLICT (kind, subject) DO UPDATE SET"
                + " due_at = CASE WHEN work_items.state = 'pending' AND work_items.due_at < excluded.due_at"
                + "   THEN work_items.due_at ELSE excluded.due_at END,"
                + " attempts = CASE WHEN work_items.state = 'pending' THEN work_items.attempts ELSE 0 END,"
                + " state = 'pending', max_attempts = excluded.max_attempts,"
                + " payload = excluded.payload, last_error = CASE WHEN work_items.state = 'pending'"
                + "   THEN work_items.last_error ELSE NULL END, updated_at = excluded.updated_at")) {
      upsert.setString(1, kind);
      upsert.setString(2, subject);
      Times.set(upsert, 3, dueAt);
      upsert.setInt(4, maxAttempts);
      upsert.setString(5, payload);
      Times.set(upsert, 6, Instant.now());
      upsert.executeUpdate();
    }
  }

  /**
   * Looks on a reader first: the workers poll, and on SQLite a claim is a write transaction on
   * the one writer connection that intake's commits need too. Nothing due means no transaction;
   * an item that becomes due meanwhile is found by the next poll, and the claim itself still
   * decides in its own transaction.
   */
  @Override
  public Optional<WorkClaim> claim(Set<String> kinds, Instant now, Duration lease) {
    if (kinds.isEmpty() || !anyClaimable(kinds, now)) {
      return Optional.empty();
    }
    return db.write(connection -> claim(connection, dialect, kinds, now, lease));
  }

  /** Plain JDBC, not Jdbi: every worker runs this on every wake-up, mostly to find nothing. */
  private boolean anyClaimable(Set<String> kinds, Instant now) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT 1 FROM work_items" + claimable(kinds.size()) + " LIMIT 1")) {
            bindClaimable(query, 1, kinds, now);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next();
            }
          }
        });
  }

  /** Items of the kinds that are due at a time and leased by nobody: the claim's condition. */
  private static String claimable(int kinds) {
    return " WHERE state = 'pending' AND due_at <= ? AND kind IN ("
        + String.join(", ", Collections.nCopies(kinds, "?"))
        + ") AND (lease_until IS NULL OR lease_until < ?)";
  }

  /** Binds {@link #claimable}'s parameters from {@code index}. */
  private static void bindClaimable(
      PreparedStatement statement, int index, Set<String> kinds, Instant now) throws SQLException {
    Times.set(statement, index++, now);
    for (String kind : kinds) {
      statement.setString(index++, kind);
    }
    Times.set(statement, index, now);
  }

  /** The same inside the caller's transaction. */
  static Optional<WorkClaim> claim(
      Connection connection, Dialect dialect, Set<String> kinds, Instant now, Duration lease)
      throws SQLException {
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    String token = UUID.randomUUID().toString();
    Instant leaseUntil = now.plus(lease);
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE work_items SET"
                + " lease_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?"
                + " WHERE (kind, subject) = (SELECT kind, subject FROM work_items"
                + claimable(kinds.size())
                + " ORDER BY due_at LIMIT 1"
                + dialect.skipLocked
                + ")"
                + " RETURNING kind, subject, attempts, max_attempts, payload")) {
      update.setString(1, token);
      Times.set(update, 2, leaseUntil);
      Times.set(update, 3, now);
      bindClaimable(update, 4, kinds, now);
      try (ResultSet rows = update.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new WorkClaim(
                rows.getString("kind"),
                rows.getString("subject"),
                token,
                rows.getInt("attempts"),
                rows.getInt("max_attempts"),
                rows.getString("payload"),
                now,
                leaseUntil));
      }
    }
  }

  /**
   * Whether {@code token} still holds the item's lease, the row locked for this transaction on
   * PostgreSQL so that the holder's next write cannot race a takeover.
   */
  static boolean holds(
      Connection connection, Dialect dialect, String kind, String subject, String token)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT lease_token FROM work_items WHERE kind = ? AND subject = ?"
                + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : ""))) {
      query.setString(1, kind);
      query.setString(2, subject);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() && token.equals(rows.getString(1));
      }
    }
  }

  /**
   * Ends a held lease: the item becomes {@code state} ("done", "pending" again at {@code due},
   * or "dead"), with its attempts reset unless it failed. False when the lease was lost.
   */
  static boolean release(
      Connection connection,
      String kind,
      String subject,
      String token,
      String state,
      Instant due,
      String error)
      throws SQLException {
    String message =
        error == null
            ? null
            : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE work_items SET state = ?, due_at = COALESCE(?, due_at),"
                + " attempts = CASE WHEN ? IS NULL THEN 0 ELSE attempts END,"
                + " lease_token = NULL, lease_until = NULL, last_error = ?, updated_at = ?"
                + " WHERE kind = ? AND subject = ? AND lease_token = ?")) {
      update.setString(1, state);
      Times.set(update, 2, due);
      update.setString(3, message);
      update.setString(4, message);
      Times.set(update, 5, Instant.now());
      update.setString(6, kind);
      update.setString(7, subject);
      update.setString(8, token);
      return update.executeUpdate() == 1;
    }
  }

  @Override
  public boolean complete(WorkClaim claim) {
    return db.write(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE work_items SET"
                      + " state = 'done', lease_token = NULL, lease_until = NULL, last_error = NULL,"
                      + " updated_at = ? WHERE kind = ? AND subject = ? AND lease_token = ?")) {
            Times.set(update, 1, Instant.now());
            update.setString(2, claim.kind());
            update.setString(3, claim.subject());
            update.setString(4, claim.token());
            return update.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean fail(WorkClaim claim, Instant retryAt, String error) {
    boolean dead = retryAt == null || claim.attempt() >= claim.maxAttempts();
    String message =
        error == null
            ? ""
            : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    return db.write(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE work_items SET"
                      + " state = ?, due_at = ?, lease_token = NULL, lease_until = NULL, last_error = ?,"
                      + " updated_at = ? WHERE kind = ? AND subject = ? AND lease_token = ?")) {
            update.setString(1, dead ? "dead" : "pending");
            Times.set(update, 2, dead ? claim.claimedAt() : retryAt);
            update.setString(3, message);
            Times.set(update, 4, Instant.now());
            update.setString(5, claim.kind());
            update.setString(6, claim.subject());
            update.setString(7, claim.token());
            return update.executeUpdate() == 1;
          }
        });
  }

  @Override
  public long dueCount(String kind, Instant now) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM"
                      + " work_items WHERE state = 'pending' AND kind = ? AND due_at <= ?"
                      + " AND (lease_until IS NULL OR lease_until < ?)")) {
            query.setString(1, kind);
            Times.set(query, 2, now);
            Times.set(query, 3, now);
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  @Override
  public long deadCount(String kind) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM work_items WHERE state = 'dead' AND kind = ?")) {
            query.setString(1, kind);
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  @Override
  public List<WorkItem> dead(String kind, int limit) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM work_items WHERE state = 'dead' AND kind = ? ORDER BY updated_at DESC"
                      + " LIMIT ?")) {
            query.setString(1, kind);
            query.setInt(2, limit);
            return items(query);
          }
        });
  }

  @Override
  public Optional<WorkItem> item(String kind, String subject) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM work_items WHERE kind = ? AND subject = ?")) {
            query.setString(1, kind);
            query.setString(2, subject);
            return items(query).stream().findFirst();
          }
        });
  }

  private static List<WorkItem> items(PreparedStatement query) throws SQLException {
    List<WorkItem> items = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        items.add(
            new WorkItem(
                rows.getString("kind"),
                rows.getString("subject"),
                rows.getString("state"),
                Times.get(rows, "due_at"),
                rows.getInt("attempts"),
                rows.getInt("max_attempts"),
                rows.getString("last_error"),
                rows.getString("payload"),
                Times.get(rows, "updated_at")));
      }
    }
    return items;
  }
}
