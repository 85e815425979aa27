package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Postmortem;
import dev.firebreak.analysis.port.Postmortems;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Postmortem versions on SQLite or PostgreSQL ({@code postmortems}). */
final class JdbcPostmortems implements Postmortems {

  private static final String COLUMNS = "incident_id, version, written_at, markdown, file, sha256";

  private final Transactor db;

  JdbcPostmortems(Transactor db) {
    this.db = db;
  }

  @Override
  public void save(Postmortem postmortem) {
    db.write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO postmortems (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, postmortem.incidentId());
            insert.setInt(2, postmortem.version());
            Times.set(insert, 3, postmortem.writtenAt());
            insert.setString(4, postmortem.markdown());
            insert.setString(5, postmortem.file());
            insert.setString(6, postmortem.sha256());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Postmortem> latest(long incidentId) {
    List<Postmortem> found =
        query(
            "SELECT "
                + COLUMNS
                + " FROM postmortems WHERE incident_id = ?"
                + " ORDER BY version DESC LIMIT 1",
            incidentId);
    return found.stream().findFirst();
  }

  @Override
  public List<Postmortem> versions(long incidentId) {
    return query(
        "SELECT " + COLUMNS + " FROM postmortems WHERE incident_id = ? ORDER BY version",
        incidentId);
  }

  private List<Postmortem> query(String sql, long incidentId) {
    return db.read(
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, incidentId);
            List<Postmortem> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                found.add(postmortem(rows));
              }
            }
            return found;
          }
        });
  }

  private static Postmortem postmortem(ResultSet rows) throws SQLException {
    return new Postmortem(
        rows.getLong("incident_id"),
        rows.getInt("version"),
        Times.get(rows, "written_at"),
        rows.getString("markdown"),
        rows.getString("file"),
        rows.getString("sha256"));
  }
}
