package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Feedback;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.FeedbackStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Feedback on SQLite or PostgreSQL ({@code incident_feedback}). Saving writes the entry, its
 * timeline line and its incident event in one transaction, so the steps that follow events
 * (memory, postmortems) see every piece of feedback.
 */
final class JdbcFeedback implements FeedbackStore {

  private static final String COLUMNS =
      "incident_id, given_at, given_by, diagnosed_cause, cause_correct, actual_cause, fixed_by,"
          + " notes";

  private final Transactor db;
  private final Dialect dialect;

  JdbcFeedback(Transactor db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  @Override
  public void save(Feedback feedback) {
    TimelineEntry entry =
        new TimelineEntry(feedback.givenAt(), TimelineKind.FEEDBACK, describe(feedback), null);
    db.write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO incident_feedback ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, feedback.incidentId());
            Times.set(insert, 2, feedback.givenAt());
            insert.setString(3, feedback.by());
            insert.setString(4, wire(feedback.diagnosedCause()));
            if (feedback.causeCorrect() == null) {
              insert.setNull(5, Types.INTEGER);
            } else {
              insert.setInt(5, feedback.causeCorrect() ? 1 : 0);
            }
            insert.setString(6, wire(feedback.actualCause()));
            insert.setString(7, feedback.fixedBy());
            insert.setString(8, feedback.notes());
            insert.executeUpdate();
          }
          IncidentRows.appendTimeline(connection, feedback.incidentId(), entry);
          JdbcIncidentEvents.write(
              connection,
              dialect,
              feedback.incidentId(),
              IncidentEventKind.FEEDBACK,
              entry.at(),
              entry.message(),
              null,
              null);
          return null;
        });
  }

  @Override
  public List<Feedback> of(long incidentId) {
    return query(
        "SELECT " + COLUMNS + " FROM incident_feedback WHERE incident_id = ? ORDER BY id",
        incidentId);
  }

  @Override
  public List<Feedback> latestPerIncident() {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM incident_feedback f WHERE id = (SELECT MAX(id) FROM incident_feedback g"
            + " WHERE g.incident_id = f.incident_id) ORDER BY incident_id",
        null);
  }

  /** @param incidentId bound to the query's one parameter, or null when it has none */
  private List<Feedback> query(String sql, Long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (incidentId != null) {
              query.setLong(1, incidentId);
            }
            List<Feedback> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                int correct = rows.getInt("cause_correct");
                Boolean causeCorrect = rows.wasNull() ? null : correct == 1;
                found.add(
                    new Feedback(
                        rows.getLong("incident_id"),
                        Times.get(rows, "given_at"),
                        rows.getString("given_by"),
                        cause(rows.getString("diagnosed_cause")),
                        causeCorrect,
                        cause(rows.getString("actual_cause")),
                        rows.getString("fixed_by"),
                        rows.getString("notes")));
              }
            }
            return found;
          }
        });
  }

  /** The timeline's words for a piece of feedback. */
  static String describe(Feedback feedback) {
    StringBuilder text = new StringBuilder("feedback");
    if (!feedback.by().isEmpty()) {
      text.append(" from ").append(feedback.by());
    }
    List<String> said = new ArrayList<>();
    if (feedback.causeCorrect() != null && feedback.diagnosedCause() != null) {
      said.add(
          "the diagnosed cause ("
              + feedback.diagnosedCause().description()
              + ") was "
              + (feedback.causeCorrect() ? "right" : "wrong"));
    }
    if (feedback.actualCause() != null) {
      said.add("the cause was " + feedback.actualCause().description());
    }
    if (!feedback.fixedBy().isEmpty()) {
      said.add("fixed by " + feedback.fixedBy());
    }
    if (!feedback.notes().isEmpty()) {
      said.add(feedback.notes());
    }
    return said.isEmpty() ? text.toString() : text + ": " + String.join("; ", said);
  }

  private static String wire(RootCause cause) {
    return cause == null ? null : cause.wireName();
  }

  private static RootCause cause(String wire) {
    return wire == null ? null : RootCause.fromWireName(wire);
  }
}
