package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Postmortem;
import dev.firebreak.analysis.port.Postmortems;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Postmortem versions on SQLite or PostgreSQL ({@code postmortems}). */
final class JdbcPostmortems implements Postmortems {

  private static final String COLUMNS = "incident_id, version, written_at, markdown, file, sha256";

  private final Transactor db;

  JdbcPostmortems(Transactor db) {
    this.db = db;
  }

  @Override
  public void save(Postmortem postmortem) {
    db.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO postmortems ("
                        + COLUMNS
                        + ") VALUES (:incidentId, :version, :writtenAt, :markdown, :file, :sha256)")
                .bindMethods(postmortem)
                .execute());
  }

  @Override
  public Optional<Postmortem> latest(long incidentId) {
    return db.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM postmortems WHERE incident_id = :id ORDER BY version DESC LIMIT 1")
                .bind("id", incidentId)
                .map(JdbcPostmortems::postmortem)
                .findOne());
  }

  @Override
  public List<Postmortem> versions(long incidentId) {
    return db.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM postmortems WHERE incident_id = :id ORDER BY version")
                .bind("id", incidentId)
                .map(JdbcPostmortems::postmortem)
                .list());
  }

  private static Postmortem postmortem(ResultSet rows, StatementContext context)
      throws SQLException {
    return new Postmortem(
        rows.getLong("incident_id"),
        rows.getInt("version"),
        Times.get(rows, "written_at"),
        rows.getString("markdown"),
        rows.getString("file"),
        rows.getString("sha256"));
  }
}
