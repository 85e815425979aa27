package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.ActionRecord;
import dev.firebreak.analysis.model.ActionState;
import dev.firebreak.analysis.model.RemediationAction;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.WorkQueue.WorkClaim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remediation actions on SQLite or PostgreSQL ({@code remediation_actions}, {@code
 * remediation_audit}, {@code remediation_decisions}, {@code remediation_pause}). Each step is a
 * {@code remediate} item of the work queue, handed back in the transaction that stores the
 * step's outcome.
 */
final class JdbcRemediations implements Remediations {

  private static final int MAX_TEXT = 4000;
  private static final String COLUMNS =
      "id, incident_id, run, playbook, step, kind, target, risk, parameters, state, dry_run, plan,"
          + " prior, approvers, verification, measurements, answered_by, expires_at, outcome,"
          + " created_at, updated_at";

  /** States that count towards the hourly limit: the action ran or was cleared to run. */
  private static final String RAN = "ran = 1";

  private final Transactor db;
  private final Dialect dialect;

  JdbcRemediations(Transactor db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  @Override
  public List<Long> propose(List<Proposal> proposals, Instant now) {
    return db.write(
        connection -> {
          List<Long> written = new ArrayList<>();
          for (Proposal proposal : proposals) {
            try (PreparedStatement mark =
                connection.prepareStatement(
                    "INSERT INTO remediation_decisions (event_id, decided_at) VALUES (?, ?)"
                        + " ON CONFLICT (event_id) DO NOTHING")) {
              mark.setLong(1, proposal.eventId());
              Times.set(mark, 2, now);
              if (mark.executeUpdate() == 0) {
                continue;
              }
            }
            for (TimelineEntry entry : proposal.timeline()) {
              IncidentRows.appendTimelineWithEvent(
                  connection, dialect, proposal.incidentId(), entry);
            }
            if (proposal.action().isEmpty()) {
              continue;
            }
            long id = insert(connection, proposal, proposal.action().get(), now);
            audit(connection, id, now, "firebreak", ActionState.PLANNING, "proposed");
            JdbcWorkQueue.enqueue(
                connection, WORK_KIND, RemediationAction.subject(id), now, "", WORK_ATTEMPTS);
            written.add(id);
          }
          return written;
        });
  }

  private static long insert(
      Connection connection, Proposal proposal, NewAction action, Instant now) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO remediation_actions (incident_id, decided_event, run, playbook, step,"
                + " kind, target, service, cause, risk, parameters, state, dry_run, approvers,"
                + " verification, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planning', ?, ?, ?, ?, ?)"
                + " RETURNING id")) {
      int i = 1;
      insert.setLong(i++, proposal.incidentId());
      insert.setLong(i++, proposal.eventId());
      insert.setInt(i++, proposal.run());
      insert.setString(i++, action.playbook());
      insert.setInt(i++, action.step());
      insert.setString(i++, action.kind().wireName());
      insert.setString(i++, action.target());
      insert.setString(i++, action.service());
      insert.setString(i++, action.cause().wireName());
      insert.setString(i++, action.risk().wireName());
      insert.setString(i++, Json.write(action.parameters()));
      insert.setInt(i++, action.dryRun() ? 1 : 0);
      insert.setString(i++, ActionCodec.strings(action.approvers()));
      insert.setString(i++, action.verification().map(ActionCodec::verification).orElse(null));
      Times.set(insert, i++, now);
      Times.set(insert, i, now);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void audit(
      Connection connection,
      long actionId,
      Instant at,
      String actor,
      ActionState state,
      String detail)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO remediation_audit (action_id, at, actor, state, detail)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, actionId);
      Times.set(insert, 2, at);
      insert.setString(3, actor);
      insert.setString(4, state.wireName());
      insert.setString(5, clip(detail));
      insert.executeUpdate();
    }
  }

  @Override
  public Optional<RemediationAction> find(long id) {
    return db.read(connection -> find(connection, id));
  }

  private static Optional<RemediationAction> find(Connection connection, long id)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM remediation_actions WHERE id = ?")) {
      query.setLong(1, id);
      return actions(query).stream().findFirst();
    }
  }

  @Override
  public List<RemediationAction> of(long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM remediation_actions WHERE incident_id = ? ORDER BY id")) {
            query.setLong(1, incidentId);
            return actions(query);
          }
        });
  }

  @Override
  public List<ActionRecord> history(long actionId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT at, actor, state, detail FROM remediation_audit WHERE action_id = ?"
                      + " ORDER BY id")) {
            query.setLong(1, actionId);
            List<ActionRecord> out = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                out.add(
                    new ActionRecord(
                        Times.get(rows, "at"),
                        rows.getString("actor"),
                        ActionState.fromWireName(rows.getString("state")),
                        rows.getString("detail")));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Optional<RemediationAction> change(
      Optional<WorkClaim> claim, long actionId, Set<ActionState> from, Change change) {
    Instant now = Instant.now();
    return db.write(
        connection -> {
          if (claim.isPresent()
              && !JdbcWorkQueue.holds(
                  connection,
                  dialect,
                  claim.get().kind(),
                  claim.get().subject(),
                  claim.get().token())) {
            return Optional.empty();
          }
          Optional<RemediationAction> current = find(connection, actionId);
          if (current.isEmpty() || !from.contains(current.get().state())) {
            return Optional.empty();
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE remediation_actions SET state = ?, outcome = ?,"
                      + " plan = COALESCE(?, plan), prior = COALESCE(?, prior),"
                      + " measurements = COALESCE(?, measurements),"
                      + " answered_by = COALESCE(?, answered_by), expires_at = ?,"
                      + " ran = CASE WHEN ? = 'executing' THEN 1 ELSE ran END, updated_at = ?"
                      + " WHERE id = ? AND state = ?")) {
            int i = 1;
            update.setString(i++, change.to().wireName());
            update.setString(i++, clip(change.detail()));
            update.setString(i++, clip(change.plan()));
            update.setString(i++, change.prior() == null ? null : Json.write(change.prior()));
            update.setString(
                i++,
                change.measurements() == null
                    ? null
                    : ActionCodec.measurements(change.measurements()));
            update.setString(i++, change.answeredBy());
            Times.set(update, i++, change.expiresAt());
            update.setString(i++, change.to().wireName());
            Times.set(update, i++, now);
            update.setLong(i++, actionId);
            update.setString(i, current.get().state().wireName());
            if (update.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          audit(connection, actionId, now, change.actor(), change.to(), change.detail());
          if (change.timeline().isPresent()) {
            IncidentRows.appendTimelineWithEvent(
                connection, dialect, current.get().incidentId(), change.timeline().get());
          }
          String subject = RemediationAction.subject(actionId);
          if (claim.isPresent() && change.keepLease()) {
            // The step goes on under its lease.
          } else if (claim.isPresent()) {
            if (change.nextDue() == null) {
              JdbcWorkQueue.release(
                  connection, WORK_KIND, subject, claim.get().token(), "done", null, null);
            } else {
              JdbcWorkQueue.release(
                  connection,
                  WORK_KIND,
                  subject,
                  claim.get().token(),
                  "pending",
                  change.nextDue(),
                  null);
            }
          } else if (change.nextDue() != null) {
            JdbcWorkQueue.enqueue(
                connection, WORK_KIND, subject, change.nextDue(), "", WORK_ATTEMPTS);
          }
          return find(connection, actionId);
        });
  }

  @Override
  public boolean handBack(WorkClaim claim, Instant now) {
    return db.write(
        connection -> {
          if (!JdbcWorkQueue.holds(
              connection, dialect, claim.kind(), claim.subject(), claim.token())) {
            return false;
          }
          Optional<RemediationAction> action =
              find(connection, RemediationAction.idOf(claim.subject()));
          Instant next = null;
          if (action.isPresent() && !action.get().state().terminal()) {
            next =
                action.get().state().awaitsAnswer() && action.get().expiresAt() != null
                    ? (action.get().expiresAt().isAfter(now) ? action.get().expiresAt() : now)
                    : now;
          }
          return JdbcWorkQueue.release(
              connection,
              claim.kind(),
              claim.subject(),
              claim.token(),
              next == null ? "done" : "pending",
              next,
              null);
        });
  }

  @Override
  public int ranSince(String service, Instant since) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM remediation_actions WHERE service = ? AND "
                      + RAN
                      + " AND updated_at >= ?")) {
            query.setString(1, service);
            Times.set(query, 2, since);
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              return rows.getInt(1);
            }
          }
        });
  }

  @Override
  public Optional<Instant> lastProposed(String service, RootCause cause, long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT MAX(created_at) FROM remediation_actions WHERE service = ? AND cause = ?"
                      + " AND incident_id <> ? AND dry_run = 0 AND state <> 'refused'")) {
            query.setString(1, service);
            query.setString(2, cause.wireName());
            query.setLong(3, incidentId);
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              long micros = rows.getLong(1);
              return rows.wasNull() ? Optional.empty() : Optional.of(Times.instant(micros));
            }
          }
        });
  }

  @Override
  public Optional<Pause> paused() {
    return db.read(
        connection -> {
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT paused_by, reason, paused_at FROM remediation_pause WHERE id = 1");
              ResultSet rows = query.executeQuery()) {
            return rows.next()
                ? Optional.of(
                    new Pause(rows.getString(1), rows.getString(2), Times.get(rows, "paused_at")))
                : Optional.empty();
          }
        });
  }

  @Override
  public void setPaused(Optional<String> who, String reason, Instant at) {
    db.write(
        connection -> {
          if (who.isEmpty()) {
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM remediation_pause WHERE id = 1")) {
              delete.executeUpdate();
            }
            return null;
          }
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO remediation_pause (id, paused_by, reason, paused_at) VALUES (1, ?, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET paused_by = excluded.paused_by,"
                      + " reason = excluded.reason, paused_at = excluded.paused_at")) {
            upsert.setString(1, who.get());
            upsert.setString(2, clip(reason == null ? "" : reason));
            Times.set(upsert, 3, at);
            upsert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Map<ActionKind, Map<ActionState, Long>> counts() {
    return db.read(
        connection -> {
          Map<ActionKind, Map<ActionState, Long>> counts = new EnumMap<>(ActionKind.class);
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT kind, state, COUNT(*) FROM remediation_actions GROUP BY kind, state");
              ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              counts
                  .computeIfAbsent(
                      ActionKind.fromWireName(rows.getString(1)),
                      kind -> new EnumMap<>(ActionState.class))
                  .put(ActionState.fromWireName(rows.getString(2)), rows.getLong(3));
            }
          }
          return counts;
        });
  }

  private static List<RemediationAction> actions(PreparedStatement query) throws SQLException {
    List<RemediationAction> found = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        found.add(
            new RemediationAction(
                rows.getLong("id"),
                rows.getLong("incident_id"),
                rows.getInt("run"),
                rows.getString("playbook"),
                rows.getInt("step"),
                ActionKind.fromWireName(rows.getString("kind")),
                rows.getString("target"),
                Risk.fromWireName(rows.getString("risk")),
                Json.read(rows.getString("parameters")),
                ActionState.fromWireName(rows.getString("state")),
                rows.getInt("dry_run") == 1,
                rows.getString("plan"),
                Json.read(rows.getString("prior")),
                ActionCodec.strings(rows.getString("approvers")),
                ActionCodec.verification(rows.getString("verification")),
                ActionCodec.measurements(rows.getString("measurements")),
                rows.getString("answered_by"),
                Times.get(rows, "expires_at"),
                rows.getString("outcome"),
                Times.get(rows, "created_at"),
                Times.get(rows, "updated_at")));
      }
    }
    return found;
  }

  private static String clip(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }
}
