package dev.firebreak.integrations.store;

import dev.firebreak.analysis.correlate.CoalescingCorrelationState;
import dev.firebreak.analysis.correlate.SignalCorrelator;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.port.IncidentChange;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.Incidents;
import dev.firebreak.analysis.port.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.statement.Query;

/**
 * Incidents ({@code incidents}, {@code incident_groups}, {@code incident_alerts},
 * {@code timeline}) and the correlation of intake's signals into them. Reads go through Jdbi;
 * correlation runs a dozen statements per signal on the plain connection with its statements
 * kept prepared ({@link StatementCache}, {@link JdbcCorrelationState}).
 */
final class JdbcIncidents implements Incidents {

  private final Transactor db;
  private final Dialect dialect;
  private final String storeName;

  JdbcIncidents(Transactor db, Dialect dialect, String storeName) {
    this.db = db;
    this.dialect = dialect;
    this.storeName = storeName;
  }

  /**
   * Up to half a batch are the newest group heads (signals that found their group with nothing
   * pending), the rest the oldest pending signals: a backlog drains in arrival order while a
   * group outside it waits one batch, not the whole backlog. A head goes first only while no
   * older signal of its group is pending (two gateways inserting into one group at once may both
   * mark a head), so each group is still correlated in arrival order; groups are independent.
   */
  @Override
  public int correlatePending(int limit, SignalCorrelator correlator) {
    return db.write(
        connection -> {
          dialect.lockCorrelation(connection);
          Map<Long, StoredSignal> batch = new LinkedHashMap<>();
          List<StoredSignal> heads =
              pendingSignals(
                  connection,
                  "SELECT "
                      + IncidentRows.SIGNAL_COLUMNS
                      + " FROM signals s WHERE correlated = FALSE AND group_head = TRUE AND NOT EXISTS"
                      + " (SELECT 1 FROM signals o WHERE o.correlated = FALSE AND o.source = s.source"
                      + " AND o.group_key = s.group_key AND o.id < s.id) ORDER BY id DESC LIMIT ?",
                  Math.max(1, limit / 2));
          for (int i = heads.size() - 1; i >= 0; i--) {
            batch.put(heads.get(i).id(), heads.get(i));
          }
          // As many as the whole batch, since the oldest may include heads already taken.
          for (StoredSignal oldest :
              pendingSignals(
                  connection,
                  "SELECT "
                      + IncidentRows.SIGNAL_COLUMNS
                      + " FROM signals WHERE correlated = FALSE ORDER BY id LIMIT ?",
                  limit)) {
            if (batch.size() == limit) {
              break;
            }
            batch.putIfAbsent(oldest.id(), oldest);
          }
          if (batch.isEmpty()) {
            return 0;
          }
          try (StatementCache cache = new StatementCache(connection)) {
            var transaction = new JdbcCorrelationState(cache.connection(), dialect, storeName);
            var state = new CoalescingCorrelationState(transaction);
            for (StoredSignal signal : batch.values()) {
              correlator.correlate(signal, state);
            }
            state.flush();
            transaction.flush();
          }
          return batch.size();
        });
  }

  private static List<StoredSignal> pendingSignals(Connection connection, String sql, int limit)
      throws SQLException {
    List<StoredSignal> pending = new ArrayList<>();
    if (limit <= 0) {
      return pending;
    }
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setInt(1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          pending.add(IncidentRows.signal(rows));
        }
      }
    }
    return pending;
  }

  @Override
  public Optional<IncidentChange> update(long id, Function<Incident, IncidentChange> change) {
    return db.write(
        connection -> {
          Optional<Incident> current =
              IncidentRows.find(connection, id, dialect == Dialect.POSTGRESQL);
          if (current.isEmpty()) {
            return Optional.<IncidentChange>empty();
          }
          IncidentChange result = change.apply(current.get());
          IncidentRows.save(connection, result.incident());
          IncidentRows.appendTimelineWithEvent(connection, dialect, id, result.entry());
          return Optional.of(result);
        });
  }

  @Override
  public Page<Incident> list(IncidentQuery query) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + IncidentRows.INCIDENT_COLUMNS + " FROM incidents i WHERE 1 = 1");
    Map<String, Object> parameters = new LinkedHashMap<>();
    if (query.status() != null) {
      sql.append(" AND status = :status");
      parameters.put("status", query.status().wireName());
    }
    if (query.severity() != null) {
      sql.append(" AND severity = :severity");
      parameters.put("severity", query.severity().wireName());
    }
    if (query.service() != null) {
      sql.append(" AND service = :service");
      parameters.put("service", query.service());
    }
    if (query.source() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM incident_groups g WHERE g.incident_id = i.id"
              + " AND g.source = :source)");
      parameters.put("source", query.source().wireName());
    }
    if (query.openedFrom() != null) {
      sql.append(" AND opened_at >= :openedFrom");
      parameters.put("openedFrom", query.openedFrom());
    }
    if (query.openedTo() != null) {
      sql.append(" AND opened_at < :openedTo");
      parameters.put("openedTo", query.openedTo());
    }
    if (query.beforeId() != null) {
      sql.append(" AND id < :beforeId");
      parameters.put("beforeId", query.beforeId());
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    parameters.put("limit", query.limit() + 1);
    List<Incident> items =
        db.withHandle(
            handle -> {
              Query select = handle.createQuery(sql.toString());
              parameters.forEach(select::bind);
              return select.mapTo(Incident.class).list();
            });
    Long next = null;
    if (items.size() > query.limit()) {
      items = items.subList(0, query.limit());
      next = items.get(items.size() - 1).id();
    }
    return new Page<>(List.copyOf(items), next);
  }

  @Override
  public Optional<IncidentDetail> detail(long id) {
    return withSignals(
        id,
        "WITH alerts AS (SELECT MIN(id) AS first_id, MAX(id) AS last_id FROM signals"
            + " WHERE incident_id = :id GROUP BY source, alert_key"
            + " ORDER BY MAX(id) DESC LIMIT :limit)"
            + " SELECT "
            + IncidentRows.SIGNAL_COLUMNS
            + " FROM signals WHERE id IN (SELECT first_id FROM alerts"
            + " UNION SELECT last_id FROM alerts) ORDER BY id",
        MAX_DETAIL_ALERTS);
  }

  @Override
  public Optional<IncidentDetail> history(long id) {
    return withSignals(
        id,
        "SELECT * FROM (SELECT "
            + IncidentRows.SIGNAL_COLUMNS
            + " FROM signals WHERE incident_id = :id ORDER BY id DESC LIMIT :limit) recent"
            + " ORDER BY id",
        MAX_HISTORY_SIGNALS);
  }

  /** The incident, the signals {@code signalsSql} selects (binding :id and :limit), its timeline. */
  private Optional<IncidentDetail> withSignals(long id, String signalsSql, int limit) {
    return db.withHandle(
        handle ->
            IncidentRows.find(handle.getConnection(), id, false)
                .map(
                    incident ->
                        new IncidentDetail(
                            incident,
                            handle
                                .createQuery(signalsSql)
                                .bind("id", id)
                                .bind("limit", limit)
                                .mapTo(StoredSignal.class)
                                .list(),
                            handle
                                .createQuery(
                                    "SELECT "
                                        + IncidentRows.TIMELINE_COLUMNS
                                        + " FROM timeline WHERE incident_id = :id ORDER BY at, id")
                                .bind("id", id)
                                .mapTo(TimelineEntry.class)
                                .list())));
  }

  /** The same query as an update's, on a reader: the notifier asks it once per event batch. */
  @Override
  public Optional<Incident> summary(long id) {
    return db.read(connection -> IncidentRows.find(connection, id, false));
  }

  @Override
  public long activeCount() {
    return count("SELECT COUNT(*) FROM incidents WHERE status <> 'resolved'");
  }

  @Override
  public long pendingSignalCount() {
    return count("SELECT COUNT(*) FROM signals WHERE correlated = FALSE");
  }

  private long count(String sql) {
    return db.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
  }
}
