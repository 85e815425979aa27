package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.port.InvestigationClaim;
import dev.firebreak.analysis.port.InvestigationStatus;
import dev.firebreak.analysis.port.Investigations;
import dev.firebreak.analysis.port.NextInvestigation;
import dev.firebreak.analysis.port.StoredEvidence;
import dev.firebreak.analysis.port.WorkQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Investigations, their evidence and diagnoses, in the incident store's database. The leasing
 * is the work queue's ({@link #KIND}); this class keeps the runs and their spacing.
 */
final class JdbcInvestigations implements Investigations {

  private final Transactor db;
  private final Dialect dialect;
  private final WorkQueue work;

  JdbcInvestigations(Transactor db, Dialect dialect, WorkQueue work) {
    this.db = db;
    this.dialect = dialect;
    this.work = work;
  }

  /** The work queue's kind for investigations; the subject is the incident id. */
  static final String KIND = Investigations.WORK_KIND;

  /** Giving up is the investigation worker's decision (its settings), not the queue's. */
  private static final int UNBOUNDED_ATTEMPTS = Integer.MAX_VALUE;

  /** Inside a correlation transaction: an incident opened, or a firing signal joined one. */
  static void request(Connection connection, long incidentId, Instant at, boolean opened)
      throws SQLException {
    String subject = Long.toString(incidentId);
    if (opened) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO investigations (incident_id) VALUES (?) ON CONFLICT DO NOTHING")) {
        insert.setLong(1, incidentId);
        insert.executeUpdate();
      }
      JdbcWorkQueue.enqueue(connection, KIND, subject, at, "{}", UNBOUNDED_ATTEMPTS);
      return;
    }
    // A finished investigation with runs left becomes due again (not before its spacing); a
    // running one is marked so that it runs once more when done; anything else is unchanged.
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT w.state, w.lease_token, i.runs_left, i.not_before FROM work_items w"
                + " JOIN investigations i ON i.incident_id = ?"
                + " WHERE w.kind = ? AND w.subject = ?")) {
      query.setLong(1, incidentId);
      query.setString(2, KIND);
      query.setString(3, subject);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return;
        }
        String state = rows.getString("state");
        int runsLeft = rows.getInt("runs_left");
        boolean unlimited = rows.wasNull();
        if (state.equals("pending") && rows.getString("lease_token") != null) {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE investigations SET rerun_requested = TRUE WHERE incident_id = ?")) {
            update.setLong(1, incidentId);
            update.executeUpdate();
          }
        } else if (state.equals("done") && (unlimited || runsLeft > 0)) {
          Instant notBefore = Times.get(rows, "not_before");
          Instant due = notBefore != null && notBefore.isAfter(at) ? notBefore : at;
          JdbcWorkQueue.enqueue(connection, KIND, subject, due, "{}", UNBOUNDED_ATTEMPTS);
        }
      }
    }
  }

  @Override
  public Optional<InvestigationClaim> claim(Instant now, Duration lease) {
    return db.write(
        connection -> {
          Optional<WorkQueue.WorkClaim> claimed =
              JdbcWorkQueue.claim(connection, dialect, Set.of(KIND), now, lease);
          if (claimed.isEmpty()) {
            return Optional.<InvestigationClaim>empty();
          }
          return begin(connection, claimed.get());
        });
  }

  @Override
  public Optional<InvestigationClaim> begin(WorkQueue.WorkClaim work) {
    return db.write(
        connection -> {
          if (!JdbcWorkQueue.holds(connection, dialect, KIND, work.subject(), work.token())) {
            return Optional.<InvestigationClaim>empty();
          }
          return begin(connection, work);
        });
  }

  private static Optional<InvestigationClaim> begin(Connection connection, WorkQueue.WorkClaim work)
      throws SQLException {
    long incidentId = Long.parseLong(work.subject());
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE investigations SET rerun_requested = FALSE WHERE incident_id = ?"
                + " RETURNING runs")) {
      update.setLong(1, incidentId);
      try (ResultSet rows = update.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new InvestigationClaim(
                incidentId,
                work.token(),
                rows.getInt(1) + 1,
                work.attempt(),
                work.claimedAt(),
                work.leaseUntil()));
      }
    }
  }

  @Override
  public boolean complete(
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
                  "UPDATE investigations SET runs = ?, runs_left = ?, not_before = ?,"
                      + " rerun_requested = FALSE WHERE incident_id = ?")) {
            update.setInt(1, claim.run());
            update.setInt(2, Math.max(0, next.runsLeft()));
            Times.set(update, 3, next.notBefore());
            update.setLong(4, claim.incidentId());
            update.executeUpdate();
          }
          JdbcWorkQueue.release(
              connection, KIND, Long.toString(claim.incidentId()), claim.token(), state, due, null);
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

  @Override
  public void retry(InvestigationClaim claim, Instant retryAt, String error) {
    db.write(
        connection -> {
          JdbcWorkQueue.release(
              connection,
              KIND,
              Long.toString(claim.incidentId()),
              claim.token(),
              retryAt == null ? "dead" : "pending",
              retryAt == null ? claim.claimedAt() : retryAt,
              error);
          return null;
        });
  }

  /** The row's rerun flag if the claim still holds its lease, else null. */
  private Boolean leasedRerunFlag(Connection connection, InvestigationClaim claim)
      throws SQLException {
    if (!JdbcWorkQueue.holds(
        connection, dialect, KIND, Long.toString(claim.incidentId()), claim.token())) {
      return null;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT rerun_requested FROM investigations WHERE incident_id = ?")) {
      query.setLong(1, claim.incidentId());
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  @Override
  public Optional<StoredEvidence> latestEvidence(long incidentId) {
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

  /** The API's view: the queue's state ("dead" shows as "failed"), due time and attempts. */
  @Override
  public Optional<InvestigationStatus> status(long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT w.state, w.due_at, i.runs, w.attempts, w.last_error"
                      + " FROM investigations i JOIN work_items w ON w.kind = ?"
                      + " AND w.subject = ? WHERE i.incident_id = ?")) {
            query.setString(1, KIND);
            query.setString(2, Long.toString(incidentId));
            query.setLong(3, incidentId);
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              String error = rows.getString("last_error");
              String state = rows.getString("state");
              return Optional.of(
                  new InvestigationStatus(
                      state.equals("dead") ? "failed" : state,
                      Times.get(rows, "due_at"),
                      rows.getInt("runs"),
                      rows.getInt("attempts"),
                      error == null ? "" : error));
            }
          }
        });
  }

  @Override
  public void saveDiagnosis(Diagnosis diagnosis) {
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

  @Override
  public Optional<Diagnosis> latestDiagnosis(long incidentId) {
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

  @Override
  public long dueCount(Instant now) {
    return work.dueCount(KIND, now);
  }
}
