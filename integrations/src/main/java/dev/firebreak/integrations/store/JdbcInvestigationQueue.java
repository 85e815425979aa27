package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.port.InvestigationClaim;
import dev.firebreak.analysis.port.InvestigationStatus;
import dev.firebreak.analysis.port.NextInvestigation;
import dev.firebreak.analysis.port.StoredEvidence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The investigation queue, the evidence and the diagnoses, in the incident store's database. */
final class JdbcInvestigationQueue {

  private static final int MAX_ERROR_LENGTH = 1000;

  private final Transactor db;
  private final Dialect dialect;

  JdbcInvestigationQueue(Transactor db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  /** Inside a correlation transaction: an incident opened, or a firing signal joined one. */
  static void request(Connection connection, long incidentId, Instant at, boolean opened)
      throws SQLException {
    if (opened) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO investigations"
                  + " (incident_id, state, due_at) VALUES (?, 'pending', ?) ON CONFLICT DO NOTHING")) {
        insert.setLong(1, incidentId);
        Times.set(insert, 2, at);
        insert.executeUpdate();
      }
      return;
    }
    // A finished investigation with runs left becomes due again (not before its spacing); a
    // running one is marked so that it runs once more when done; anything else is unchanged.
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE investigations SET"
                + " rerun_requested = CASE WHEN state = 'pending' AND lease_token IS NOT NULL"
                + "   THEN TRUE ELSE rerun_requested END,"
                + " due_at = CASE WHEN state = 'done' THEN"
                + "   (CASE WHEN not_before > ? THEN not_before ELSE ? END) ELSE due_at END,"
                + " state = CASE WHEN state = 'done' THEN 'pending' ELSE state END"
                + " WHERE incident_id = ? AND (state = 'pending' OR (state = 'done' AND runs_left > 0))")) {
      long micros = Times.micros(at);
      update.setLong(1, micros);
      update.setLong(2, micros);
      update.setLong(3, incidentId);
      update.executeUpdate();
    }
  }

  Optional<InvestigationClaim> claim(Instant now, Duration lease) {
    String token = UUID.randomUUID().toString();
    Instant leaseUntil = now.plus(lease);
    return db.write(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE investigations SET"
                      + " lease_token = ?, lease_until = ?, claimed_at = ?, attempts = attempts + 1,"
                      + " rerun_requested = FALSE"
                      + " WHERE incident_id = (SELECT incident_id FROM investigations"
                      + "   WHERE state = 'pending' AND due_at <= ?"
                      + "   AND (lease_until IS NULL OR lease_until < ?)"
                      + "   ORDER BY due_at LIMIT 1"
                      + dialect.skipLocked
                      + ")"
                      + " RETURNING incident_id, runs, attempts")) {
            update.setString(1, token);
            Times.set(update, 2, leaseUntil);
            Times.set(update, 3, now);
            Times.set(update, 4, now);
            Times.set(update, 5, now);
            try (ResultSet rows = update.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new InvestigationClaim(
                      rows.getLong("incident_id"),
                      token,
                      rows.getInt("runs") + 1,
                      rows.getInt("attempts"),
                      now,
                      leaseUntil));
            }
          }
        });
  }

  boolean complete(
      InvestigationClaim claim,
      StoredEvidence stored,
      NextInvestigation next,
      Diagnosis diagnosis) {
    Evidence evidence = stored.evidence();
    String body = EvidenceCodec.write(evidence);
    byte[] exchanges = EvidenceCodec.gzipExchanges(stored.exchanges());
    return db.write(
        connection -> {
          Boolean rerun = leasedRerunFlag(connection, claim);
          if (rerun == null) {
            return false;
          }
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO evidence"
                      + " (incident_id, run, collected_at, body, exchanges) VALUES (?, ?, ?, ?, ?)"
                      + " ON CONFLICT (incident_id, run) DO UPDATE SET collected_at = excluded.collected_at,"
                      + " body = excluded.body, exchanges = excluded.exchanges")) {
            upsert.setLong(1, claim.incidentId());
            upsert.setInt(2, claim.run());
            Times.set(upsert, 3, evidence.collectedAt());
            upsert.setString(4, body);
            upsert.setBytes(5, exchanges);
            upsert.executeUpdate();
          }
          String state = "done";
          Instant due = next.notBefore();
          if (next.runsLeft() > 0 && rerun) {
            state = "pending";
          } else if (next.runsLeft() > 0 && next.followUpAt() != null) {
            state = "pending";
            due =
                next.followUpAt().isAfter(next.notBefore()) ? next.followUpAt() : next.notBefore();
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE investigations SET"
                      + " state = ?, due_at = ?, runs = ?, runs_left = ?, not_before = ?, attempts = 0,"
                      + " lease_token = NULL, lease_until = NULL, rerun_requested = FALSE, last_error = NULL"
                      + " WHERE incident_id = ?")) {
            update.setString(1, state);
            Times.set(update, 2, due);
            update.setInt(3, claim.run());
            update.setInt(4, Math.max(0, next.runsLeft()));
            Times.set(update, 5, next.notBefore());
            update.setLong(6, claim.incidentId());
            update.executeUpdate();
          }
          JdbcIncidentEvents.write(
              connection,
              dialect,
              claim.incidentId(),
              IncidentEventKind.INVESTIGATED,
              evidence.collectedAt(),
              "evidence of run "
                  + claim.run()
                  + (evidence.complete()
                      ? " gathered in full"
                      : " gathered in part (a source failed or was cut)"),
              null,
              claim.run());
          if (diagnosis != null) {
            insertDiagnosis(connection, diagnosis);
          }
          return true;
        });
  }

  void retry(InvestigationClaim claim, Instant retryAt, String error) {
    db.write(
        connection -> {
          if (leasedRerunFlag(connection, claim) == null) {
            return null;
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE investigations SET"
                      + " state = ?, due_at = ?, lease_token = NULL, lease_until = NULL, last_error = ?"
                      + " WHERE incident_id = ?")) {
            update.setString(1, retryAt == null ? "failed" : "pending");
            Times.set(update, 2, retryAt == null ? claim.claimedAt() : retryAt);
            update.setString(
                3,
                error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
            update.setLong(4, claim.incidentId());
            update.executeUpdate();
          }
          return null;
        });
  }

  /** The row's rerun flag if the claim still holds its lease, else null. */
  private Boolean leasedRerunFlag(Connection connection, InvestigationClaim claim)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT lease_token,"
                + " rerun_requested FROM investigations WHERE incident_id = ?"
                + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : ""))) {
      query.setLong(1, claim.incidentId());
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next() || !claim.token().equals(rows.getString("lease_token"))) {
          return null;
        }
        return rows.getBoolean("rerun_requested");
      }
    }
  }

  Optional<StoredEvidence> latest(long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT body, exchanges"
                      + " FROM evidence WHERE incident_id = ? ORDER BY run DESC LIMIT 1")) {
            query.setLong(1, incidentId);
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new StoredEvidence(
                      EvidenceCodec.readEvidence(rows.getString(1)),
                      EvidenceCodec.gunzipExchanges(rows.getBytes(2))));
            }
          }
        });
  }

  Optional<InvestigationStatus> status(long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT state, due_at, runs,"
                      + " attempts, last_error FROM investigations WHERE incident_id = ?")) {
            query.setLong(1, incidentId);
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              String error = rows.getString("last_error");
              return Optional.of(
                  new InvestigationStatus(
                      rows.getString("state"),
                      Times.get(rows, "due_at"),
                      rows.getInt("runs"),
                      rows.getInt("attempts"),
                      error == null ? "" : error));
            }
          }
        });
  }

  void saveDiagnosis(Diagnosis diagnosis) {
    db.write(
        connection -> {
          insertDiagnosis(connection, diagnosis);
          return null;
        });
  }

  private void insertDiagnosis(Connection connection, Diagnosis diagnosis) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO diagnoses"
                + " (incident_id, run, created_at, body) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (incident_id, run) DO UPDATE SET created_at = excluded.created_at,"
                + " body = excluded.body")) {
      upsert.setLong(1, diagnosis.incidentId());
      upsert.setInt(2, diagnosis.run());
      Times.set(upsert, 3, diagnosis.createdAt());
      upsert.setString(4, EvidenceCodec.write(diagnosis));
      upsert.executeUpdate();
    }
    JdbcIncidentEvents.write(
        connection,
        dialect,
        diagnosis.incidentId(),
        IncidentEventKind.DIAGNOSED,
        diagnosis.createdAt(),
        describe(diagnosis),
        null,
        diagnosis.run());
  }

  private static String describe(Diagnosis diagnosis) {
    if (diagnosis.hypotheses().isEmpty()) {
      return "diagnosis of run " + diagnosis.run() + ": no likely cause";
    }
    Hypothesis top = diagnosis.hypotheses().get(0);
    return String.format(
        Locale.ROOT,
        "diagnosis of run %d: %s%s (confidence %.2f)",
        diagnosis.run(),
        top.cause().wireName(),
        top.service().isEmpty() ? "" : " in " + top.service(),
        top.confidence());
  }

  Optional<Diagnosis> latestDiagnosis(long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT body FROM diagnoses"
                      + " WHERE incident_id = ? ORDER BY run DESC LIMIT 1")) {
            query.setLong(1, incidentId);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next()
                  ? Optional.of(EvidenceCodec.readDiagnosis(rows.getString(1)))
                  : Optional.empty();
            }
          }
        });
  }

  long dueCount(Instant now) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM"
                      + " investigations WHERE state = 'pending' AND due_at <= ?"
                      + " AND (lease_until IS NULL OR lease_until < ?)")) {
            Times.set(query, 1, now);
            Times.set(query, 2, now);
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }
}
