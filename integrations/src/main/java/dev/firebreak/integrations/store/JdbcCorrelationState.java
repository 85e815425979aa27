package dev.firebreak.integrations.store;

import dev.firebreak.analysis.correlate.CorrelationState;
import dev.firebreak.analysis.model.AlertState;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The correlator's view inside one correlation transaction. SQL errors surface as unchecked
 * exceptions that roll the whole batch back.
 */
final class JdbcCorrelationState implements CorrelationState {

  private final Connection connection;
  private final String storeName;
  private PreparedStatement timelineBatch;
  private PreparedStatement attachBatch;
  private final JdbcIncidentEvents.Batch eventBatch;

  /** Incidents whose opening an earlier alert took over in this transaction. */
  private final Set<Long> revisedOpenings = new HashSet<>();

  JdbcCorrelationState(Connection connection, Dialect dialect, String storeName) {
    this.connection = connection;
    this.storeName = storeName;
    this.eventBatch = new JdbcIncidentEvents.Batch(connection, dialect);
  }

  @Override
  public Optional<Incident> latestIncidentForGroup(Source source, String groupKey) {
    return sql(
        () -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + IncidentRows.INCIDENT_COLUMNS
                      + " FROM incidents WHERE id = (SELECT MAX(incident_id) FROM incident_groups"
                      + " WHERE source = ? AND group_key = ?)")) {
            query.setString(1, source.wireName());
            query.setString(2, groupKey);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next()
                  ? Optional.of(IncidentRows.incident(rows))
                  : Optional.<Incident>empty();
            }
          }
        });
  }

  /**
   * The source's name is written into the query, not bound, so that the planner matches the
   * partial index for incidents lacking that source (V6): the query reads only active
   * incidents without the source, not the thousands an alert storm of that source leaves
   * open. Wire names are the enum's, never user input.
   */
  @Override
  public List<Incident> activeIncidentsWithoutSource(Source source, Instant since) {
    return sql(
        () -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + IncidentRows.INCIDENT_COLUMNS
                      + " FROM incidents WHERE status <> 'resolved' AND sources NOT LIKE '%,"
                      + source.wireName()
                      + ",%' AND last_signal_at >= ?"
                      + " ORDER BY last_signal_at DESC LIMIT 200")) {
            Times.set(query, 1, since);
            return incidents(query);
          }
        });
  }

  @Override
  public List<Incident> activeIncidentsOfService(String service, Instant since) {
    return sql(
        () -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + IncidentRows.INCIDENT_COLUMNS
                      + " FROM incidents WHERE service = ? AND status <> 'resolved'"
                      + " AND last_signal_at >= ? ORDER BY last_signal_at DESC LIMIT 50")) {
            query.setString(1, service);
            Times.set(query, 2, since);
            return incidents(query);
          }
        });
  }

  private List<Incident> incidents(PreparedStatement query) throws SQLException {
    List<Incident> incidents = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        incidents.add(IncidentRows.incident(rows));
      }
    }
    return incidents;
  }

  @Override
  public Optional<AlertState> alert(long incidentId, Source source, String alertKey) {
    return sql(
        () -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT status, starts_at,"
                      + " updated_at FROM incident_alerts WHERE incident_id = ? AND source = ?"
                      + " AND alert_key = ?")) {
            query.setLong(1, incidentId);
            query.setString(2, source.wireName());
            query.setString(3, alertKey);
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return Optional.<AlertState>empty();
              }
              return Optional.of(
                  new AlertState(
                      source,
                      alertKey,
                      SignalStatus.valueOf(rows.getString("status").toUpperCase(Locale.ROOT)),
                      Times.get(rows, "starts_at"),
                      Times.get(rows, "updated_at")));
            }
          }
        });
  }

  @Override
  public boolean anyAlertFiring(long incidentId) {
    return sql(
        () -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT 1 FROM"
                      + " incident_alerts WHERE incident_id = ? AND status = 'firing' LIMIT 1")) {
            query.setLong(1, incidentId);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next();
            }
          }
        });
  }

  @Override
  public Incident createIncident(Incident draft) {
    return sql(
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO incidents"
                      + " (title, status, severity, service, labels, sources, opened_at, updated_at,"
                      + " last_signal_at, acknowledged_at, resolved_at, signal_count)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            IncidentRows.bindIncident(insert, draft);
            try (ResultSet rows = insert.executeQuery()) {
              rows.next();
              long id = rows.getLong(1);
              return new Incident(
                  id,
                  draft.title(),
                  draft.status(),
                  draft.severity(),
                  draft.service(),
                  draft.labels(),
                  draft.sources(),
                  draft.openedAt(),
                  draft.updatedAt(),
                  draft.lastSignalAt(),
                  draft.acknowledgedAt(),
                  draft.resolvedAt(),
                  draft.signalCount());
            }
          }
        });
  }

  @Override
  public void saveIncident(Incident incident) {
    sql(
        () -> {
          IncidentRows.save(connection, incident);
          return null;
        });
  }

  @Override
  public void linkGroup(long incidentId, Source source, String groupKey) {
    sql(
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO"
                      + " incident_groups (source, group_key, incident_id) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            insert.setString(1, source.wireName());
            insert.setString(2, groupKey);
            insert.setLong(3, incidentId);
            insert.executeUpdate();
            return null;
          }
        });
  }

  @Override
  public void saveAlert(long incidentId, AlertState alert) {
    sql(
        () -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO"
                      + " incident_alerts (incident_id, source, alert_key, status, starts_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id, source, alert_key)"
                      + " DO UPDATE SET status = excluded.status, starts_at = excluded.starts_at,"
                      + " updated_at = excluded.updated_at")) {
            upsert.setLong(1, incidentId);
            upsert.setString(2, alert.source().wireName());
            upsert.setString(3, alert.alertKey());
            upsert.setString(4, alert.status().wireName());
            Times.set(upsert, 5, alert.startsAt());
            Times.set(upsert, 6, alert.updatedAt());
            upsert.executeUpdate();
            return null;
          }
        });
  }

  /** Batched: nothing reads the timeline while correlating. */
  @Override
  public void appendTimeline(long incidentId, TimelineEntry entry) {
    sql(
        () -> {
          if (timelineBatch == null) {
            timelineBatch = IncidentRows.prepareTimeline(connection);
          }
          IncidentRows.bindTimeline(timelineBatch, incidentId, entry);
          timelineBatch.addBatch();
          IncidentEventKind kind =
              entry.kind() == TimelineKind.OPENED && revisedOpenings.contains(incidentId)
                  ? IncidentEventKind.OPENING_REVISED
                  : IncidentEventKind.of(entry.kind());
          eventBatch.add(incidentId, kind, entry.at(), entry.message(), entry.signalId());
          return null;
        });
  }

  @Override
  public void requestInvestigation(long incidentId, Instant at, boolean opened) {
    sql(
        () -> {
          JdbcInvestigations.request(connection, incidentId, at, opened);
          return null;
        });
  }

  @Override
  public Optional<TimelineEntry> takeOpening(long incidentId) {
    return sql(
        () -> {
          if (timelineBatch != null) {
            timelineBatch.executeBatch();
          }
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT id, at, message,"
                      + " signal_id FROM timeline WHERE incident_id = ? AND kind = 'opened'")) {
            query.setLong(1, incidentId);
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return Optional.<TimelineEntry>empty();
              }
              revisedOpenings.add(incidentId);
              long entryId = rows.getLong("id");
              long signalId = rows.getLong("signal_id");
              Long signal = rows.wasNull() ? null : signalId;
              TimelineEntry opening =
                  new TimelineEntry(
                      Times.get(rows, "at"),
                      TimelineKind.OPENED,
                      rows.getString("message"),
                      signal);
              try (PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM timeline" + " WHERE id = ?")) {
                delete.setLong(1, entryId);
                delete.executeUpdate();
              }
              return Optional.of(opening);
            }
          }
        });
  }

  @Override
  public void setAside(long signalId) {
    sql(
        () -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE signals SET" + " correlated = TRUE WHERE id = ?")) {
            update.setLong(1, signalId);
            update.executeUpdate();
            return null;
          }
        });
  }

  /** Batched: nothing reads a signal's incident while correlating. */
  @Override
  public void attachSignal(long signalId, long incidentId) {
    sql(
        () -> {
          if (attachBatch == null) {
            attachBatch =
                connection.prepareStatement(
                    "UPDATE signals SET correlated = TRUE," + " incident_id = ? WHERE id = ?");
          }
          attachBatch.setLong(1, incidentId);
          attachBatch.setLong(2, signalId);
          attachBatch.addBatch();
          return null;
        });
  }

  /** Runs the batched writes; before the transaction commits. */
  void flush() {
    sql(
        () -> {
          for (PreparedStatement batch : new PreparedStatement[] {timelineBatch, attachBatch}) {
            if (batch != null) {
              batch.executeBatch();
              batch.close();
            }
          }
          timelineBatch = null;
          attachBatch = null;
          eventBatch.flush();
          return null;
        });
  }

  private <T> T sql(SqlSupplier<T> work) {
    try {
      return work.get();
    } catch (SQLException e) {
      throw new StoreUnavailableException(storeName + ": " + PoolTransactor.rootMessage(e), e);
    }
  }

  @FunctionalInterface
  private interface SqlSupplier<T> {
    T get() throws SQLException;
  }
}
