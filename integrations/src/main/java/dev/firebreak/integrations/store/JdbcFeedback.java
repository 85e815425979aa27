package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Feedback;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.FeedbackStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

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
    db.inTransaction(
        handle -> {
          handle
              .createUpdate(
                  "INSERT INTO incident_feedback ("
                      + COLUMNS
                      + ") VALUES (:incidentId, :givenAt, :by, :diagnosedCause, :causeCorrect,"
                      + " :actualCause, :fixedBy, :notes)")
              .bind("incidentId", feedback.incidentId())
              .bind("givenAt", feedback.givenAt())
              .bind("by", feedback.by())
              .bind("diagnosedCause", wire(feedback.diagnosedCause()))
              // An integer, not a boolean: the column is INTEGER on both databases.
              .bindByType(
                  "causeCorrect",
                  feedback.causeCorrect() == null ? null : feedback.causeCorrect() ? 1 : 0,
                  Integer.class)
              .bind("actualCause", wire(feedback.actualCause()))
              .bind("fixedBy", feedback.fixedBy())
              .bind("notes", feedback.notes())
              .execute();
          IncidentRows.appendTimelineWithEvent(
              handle.getConnection(), dialect, feedback.incidentId(), entry);
          return null;
        });
  }

  @Override
  public List<Feedback> of(long incidentId) {
    return db.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM incident_feedback WHERE incident_id = :id ORDER BY id")
                .bind("id", incidentId)
                .map(JdbcFeedback::feedback)
                .list());
  }

  @Override
  public List<Feedback> latestPerIncident() {
    return db.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM incident_feedback f WHERE id = (SELECT MAX(id) FROM"
                        + " incident_feedback g WHERE g.incident_id = f.incident_id)"
                        + " ORDER BY incident_id")
                .map(JdbcFeedback::feedback)
                .list());
  }

  private static Feedback feedback(ResultSet rows, StatementContext context) throws SQLException {
    int correct = rows.getInt("cause_correct");
    Boolean causeCorrect = rows.wasNull() ? null : correct == 1;
    return new Feedback(
        rows.getLong("incident_id"),
        Times.get(rows, "given_at"),
        rows.getString("given_by"),
        cause(rows.getString("diagnosed_cause")),
        causeCorrect,
        cause(rows.getString("actual_cause")),
        rows.getString("fixed_by"),
        rows.getString("notes"));
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
