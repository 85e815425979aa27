package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of {@code incidents}, {@code signals} and {@code timeline} as records, and the writes
 * that several roles make in their own transactions (an incident's row, a timeline entry with
 * its event). Positional JDBC, because correlation and intake run these per signal and keep
 * their statements prepared ({@link StatementCache}).
 */
final class IncidentRows {

  static final String SIGNAL_COLUMNS =
      "id, source, dedup_key, group_key, alert_key,"
          + " status, event, severity, summary, labels, annotations, links, starts_at, ends_at,"
          + " truncated_alerts, received_at, incident_id";
  static final String INCIDENT_COLUMNS =
      "id, title, status, severity, service, labels,"
          + " sources, opened_at, updated_at, last_signal_at, acknowledged_at, resolved_at,"
          + " signal_count";
  static final String TIMELINE_COLUMNS = "at, kind, message, signal_id";

  private static final String INSERT_TIMELINE =
      "INSERT INTO timeline (incident_id, at, kind, message, signal_id) VALUES (?, ?, ?, ?, ?)";

  private IncidentRows() {}

  static StoredSignal signal(ResultSet rows) throws SQLException {
    Signal signal =
        new Signal(
            Source.fromWireName(rows.getString("source")),
            rows.getString("dedup_key"),
            rows.getString("group_key"),
            rows.getString("alert_key"),
            SignalStatus.valueOf(rows.getString("status").toUpperCase(Locale.ROOT)),
            rows.getString("event"),
            Severity.fromWireName(rows.getString("severity")),
            rows.getString("summary"),
            Json.read(rows.getString("labels")),
            Json.read(rows.getString("annotations")),
            Json.read(rows.getString("links")),
            Times.get(rows, "starts_at"),
            Times.get(rows, "ends_at"),
            rows.getInt("truncated_alerts"));
    long incidentId = rows.getLong("incident_id");
    Long incident = rows.wasNull() ? null : incidentId;
    return new StoredSignal(rows.getLong("id"), Times.get(rows, "received_at"), signal, incident);
  }

  static Incident incident(ResultSet rows) throws SQLException {
    Set<Source> sources = EnumSet.noneOf(Source.class);
    for (String name : rows.getString("sources").split(",")) {
      if (!name.isEmpty()) {
        sources.add(Source.fromWireName(name));
      }
    }
    return new Incident(
        rows.getLong("id"),
        rows.getString("title"),
        IncidentStatus.fromWireName(rows.getString("status")),
        Severity.fromWireName(rows.getString("severity")),
        rows.getString("service"),
        Json.read(rows.getString("labels")),
        sources,
        Times.get(rows, "opened_at"),
        Times.get(rows, "updated_at"),
        Times.get(rows, "last_signal_at"),
        Times.get(rows, "acknowledged_at"),
        Times.get(rows, "resolved_at"),
        rows.getInt("signal_count"));
  }

  static TimelineEntry timeline(ResultSet rows) throws SQLException {
    // wasNull speaks of the column read last, so it is asked right after signal_id.
    long signalId = rows.getLong("signal_id");
    Long signal = rows.wasNull() ? null : signalId;
    return new TimelineEntry(
        Times.get(rows, "at"),
        TimelineKind.fromWireName(rows.getString("kind")),
        rows.getString("message"),
        signal);
  }

  /** The sources column: every source's wire name between commas, so LIKE finds one. */
  static String sourcesColumn(Set<Source> sources) {
    StringBuilder text = new StringBuilder(",");
    for (Source source : EnumSet.copyOf(sources)) {
      text.append(source.wireName()).append(',');
    }
    return text.toString();
  }

  static Optional<Incident> find(Connection connection, long id, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT "
                + INCIDENT_COLUMNS
                + " FROM incidents WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      query.setLong(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(incident(rows)) : Optional.empty();
      }
    }
  }

  static void save(Connection connection, Incident incident) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE incidents SET"
                + " title = ?, status = ?, severity = ?, service = ?, labels = ?, sources = ?,"
                + " opened_at = ?, updated_at = ?, last_signal_at = ?, acknowledged_at = ?,"
                + " resolved_at = ?, signal_count = ? WHERE id = ?")) {
      bindIncident(update, incident);
      update.setLong(13, incident.id());
      update.executeUpdate();
    }
  }

  /** Binds the incident's columns, all but the id, as parameters 1 to 12. */
  static void bindIncident(PreparedStatement statement, Incident incident) throws SQLException {
    statement.setString(1, incident.title());
    statement.setString(2, incident.status().wireName());
    statement.setString(3, incident.severity().wireName());
    statement.setString(4, incident.service());
    statement.setString(5, Json.write(incident.labels()));
    statement.setString(6, sourcesColumn(incident.sources()));
    Times.set(statement, 7, incident.openedAt());
    Times.set(statement, 8, incident.updatedAt());
    Times.set(statement, 9, incident.lastSignalAt());
    Times.set(statement, 10, incident.acknowledgedAt());
    Times.set(statement, 11, incident.resolvedAt());
    statement.setInt(12, incident.signalCount());
  }

  /** A timeline entry and the incident event it stands for, in the caller's transaction. */
  static void appendTimelineWithEvent(
      Connection connection, Dialect dialect, long incidentId, TimelineEntry entry)
      throws SQLException {
    appendTimeline(connection, incidentId, entry);
    JdbcIncidentEvents.write(
        connection,
        dialect,
        incidentId,
        IncidentEventKind.of(entry.kind()),
        entry.at(),
        entry.message(),
        entry.signalId(),
        null);
  }

  static void appendTimeline(Connection connection, long incidentId, TimelineEntry entry)
      throws SQLException {
    try (PreparedStatement insert = prepareTimeline(connection)) {
      bindTimeline(insert, incidentId, entry);
      insert.executeUpdate();
    }
  }

  static PreparedStatement prepareTimeline(Connection connection) throws SQLException {
    return connection.prepareStatement(INSERT_TIMELINE);
  }

  static void bindTimeline(PreparedStatement insert, long incidentId, TimelineEntry entry)
      throws SQLException {
    insert.setLong(1, incidentId);
    Times.set(insert, 2, entry.at());
    insert.setString(3, entry.kind().wireName());
    insert.setString(4, entry.message());
    if (entry.signalId() == null) {
      insert.setNull(5, Types.BIGINT);
    } else {
      insert.setLong(5, entry.signalId());
    }
  }
}
