package dev.firebreak.integrations.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.firebreak.analysis.correlate.CoalescingCorrelationState;
import dev.firebreak.analysis.correlate.CorrelationState;
import dev.firebreak.analysis.correlate.SignalCorrelator;
import dev.firebreak.analysis.model.AlertState;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.FeedbackStore;
import dev.firebreak.analysis.port.IncidentChange;
import dev.firebreak.analysis.port.IncidentEvents;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.InvestigationClaim;
import dev.firebreak.analysis.port.InvestigationStatus;
import dev.firebreak.analysis.port.NextInvestigation;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.Page;
import dev.firebreak.analysis.port.Postmortems;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.StoreRejectedException;
import dev.firebreak.analysis.port.StoreUnavailableException;
import dev.firebreak.analysis.port.StoredEvidence;
import dev.firebreak.analysis.port.WorkQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident store on SQLite (one file, WAL, fsync on every commit) or PostgreSQL. SQL lives
 * here next to the code that runs it; the schema is in {@code db/migration/common}.
 *
 * <p>SQLite has a single writer, so writes go through a pool of one connection whose
 * transactions begin IMMEDIATE (no lock upgrade can fail half-way) while reads use their own
 * pool. PostgreSQL uses one pool for both.
 */
public final class JdbcIncidentStore implements IncidentStore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcIncidentStore.class);
  private static final String SIGNAL_COLUMNS =
      "id, source, dedup_key, group_key, alert_key,"
          + " status, event, severity, summary, labels, annotations, links, starts_at, ends_at,"
          + " truncated_alerts, received_at, incident_id";
  private static final String INCIDENT_COLUMNS =
      "id, title, status, severity, service, labels,"
          + " sources, opened_at, updated_at, last_signal_at, acknowledged_at, resolved_at,"
          + " signal_count";

  private final Dialect dialect;
  private final String jdbcUrl;
  private final HikariDataSource writer;
  private final HikariDataSource reader;
  private final Object migrationLock = new Object();

  /** A failed migration is not tried again by the threads that waited for it, for a second. */
  private static final long MIGRATION_RETRY_NANOS = 1_000_000_000L;

  private StoreUnavailableException lastMigrationFailure;
  private long lastMigrationFailureNanos;
  private final JdbcInvestigationQueue investigations;
  private final JdbcIncidentEvents events;
  private final JdbcIncidentMemory memory;
  private final JdbcPostmortems postmortems;
  private final JdbcFeedback feedback;
  private final JdbcOutbox outbox;
  private final JdbcRemediations remediations;
  private final JdbcWorkQueue work;
  private volatile boolean migrated;

  private JdbcIncidentStore(
      Dialect dialect, String jdbcUrl, HikariDataSource writer, HikariDataSource reader) {
    this.dialect = dialect;
    this.jdbcUrl = jdbcUrl;
    this.writer = writer;
    this.reader = reader;
    Transactor transactor =
        new Transactor() {
          @Override
          public <T> T write(SqlWork<T> work) {
            return JdbcIncidentStore.this.write(work);
          }

          @Override
          public <T> T read(SqlWork<T> work) {
            return JdbcIncidentStore.this.read(work);
          }
        };
    this.work = new JdbcWorkQueue(transactor, dialect);
    this.investigations = new JdbcInvestigationQueue(transactor, dialect, work);
    this.events = new JdbcIncidentEvents(transactor, dialect);
    this.memory = new JdbcIncidentMemory(transactor);
    this.postmortems = new JdbcPostmortems(transactor);
    this.feedback = new JdbcFeedback(transactor, dialect);
    this.outbox = new JdbcOutbox(transactor, dialect);
    this.remediations = new JdbcRemediations(transactor, dialect);
  }

  /**
   * Opens a store for {@code jdbcUrl} ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql:…}).
   * No connection is made until the store is first used.
   */
  public static JdbcIncidentStore open(String jdbcUrl, int poolSize) {
    Dialect dialect = Dialect.of(jdbcUrl);
    if (dialect == Dialect.SQLITE) {
      HikariDataSource writer = pool(jdbcUrl, "firebreak-sqlite-writer", 1, true);
      HikariDataSource reader = pool(jdbcUrl, "firebreak-sqlite-reader", poolSize, false);
      return new JdbcIncidentStore(dialect, jdbcUrl, writer, reader);
    }
    HikariDataSource shared = pool(jdbcUrl, "firebreak-postgresql", poolSize, false);
    return new JdbcIncidentStore(dialect, jdbcUrl, shared, shared);
  }

  private static HikariDataSource pool(String url, String name, int size, boolean sqliteWriter) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(1, size));
    // No connection at construction: the gateway must start while the database is down.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(2_000);
    if (url.startsWith("jdbc:sqlite:")) {
      config.addDataSourceProperty("journal_mode", "WAL");
      // FULL makes every WAL commit reach the disk before it returns: an acknowledged webhook
      // survives a power cut, not only a process crash.
      config.addDataSourceProperty("synchronous", "FULL");
      config.addDataSourceProperty("busy_timeout", "10000");
      // Ids come back through RETURNING; without this the driver runs and compiles an extra
      // `SELECT last_insert_rowid()` after every insert.
      config.addDataSourceProperty("jdbc.get_generated_keys", "false");
      if (sqliteWriter) {
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        // 64 MiB of page cache for the one writer keeps the indexes it inserts into in memory;
        // readers keep SQLite's default, as the cache is per connection.
        config.addDataSourceProperty("cache_size", "-65536");
      }
    }
    return new HikariDataSource(config);
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Creates or upgrades the schema; safe to call from several gateways at once. */
  public void migrate() {
    if (migrated) {
      return;
    }
    synchronized (migrationLock) {
      if (migrated) {
        return;
      }
      StoreUnavailableException failed = lastMigrationFailure;
      if (failed != null && System.nanoTime() - lastMigrationFailureNanos < MIGRATION_RETRY_NANOS) {
        // Every thread that waited for the attempt that just failed would otherwise make its
        // own, each as slow as the connection timeout: an API call behind the background
        // workers would wait for all of them.
        throw new StoreUnavailableException(failed.getMessage(), failed);
      }
      try {
        createSqliteDirectory();
        Flyway.configure()
            .dataSource(writer)
            .locations("classpath:db/migration/common")
            .placeholders(Map.of("identity", dialect.identity, "blob", dialect.blob))
            .load()
            .migrate();
        migrated = true;
        lastMigrationFailure = null;
      } catch (RuntimeException e) {
        lastMigrationFailure =
            new StoreUnavailableException(
                "cannot migrate the " + describe() + " schema: " + rootMessage(e), e);
        lastMigrationFailureNanos = System.nanoTime();
        throw lastMigrationFailure;
      }
    }
  }

  private void createSqliteDirectory() {
    if (dialect != Dialect.SQLITE) {
      return;
    }
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    Path parent = Path.of(query < 0 ? file : file.substring(0, query)).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot create the directory " + parent, e);
    }
  }

  @Override
  public CheckResult check() {
    try {
      migrate();
      try (Connection connection = reader.getConnection();
          PreparedStatement statement = connection.prepareStatement("SELECT 1");
          ResultSet rows = statement.executeQuery()) {
        rows.next();
      }
      return CheckResult.OK;
    } catch (SQLException | RuntimeException e) {
      return CheckResult.failed(describe() + " unreachable: " + rootMessage(e));
    }
  }

  @Override
  public void close() {
    writer.close();
    if (reader != writer) {
      reader.close();
    }
  }

  /** The kind of database and where it is, without credentials. */
  public String describe() {
    if (dialect == Dialect.SQLITE) {
      return "SQLite " + jdbcUrl.substring("jdbc:sqlite:".length());
    }
    int query = jdbcUrl.indexOf('?');
    return "PostgreSQL " + (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query));
  }

  // ---- intake ----------------------------------------------------------------------------

  /**
   * @throws StoreRejectedException when a value cannot be held (an instant beyond the store's
   *     range, text the database refuses): the same signals would fail again
   */
  @Override
  public List<Boolean> append(List<Signal> signals, Instant receivedAt) {
    try {
      return insertSignals(signals, receivedAt);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw new StoreRejectedException(describe() + " cannot hold a value: " + e.getMessage(), e);
    }
  }

  private List<Boolean> insertSignals(List<Signal> signals, Instant receivedAt) {
    return write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO signals"
                      + " (source, dedup_key, group_key, alert_key, status, event, severity, summary,"
                      + " labels, annotations, links, starts_at, ends_at, truncated_alerts, received_at,"
                      + " group_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?"
                      + " THEN NOT EXISTS (SELECT 1 FROM signals p WHERE p.correlated = FALSE"
                      + " AND p.source = ? AND p.group_key = ?) ELSE FALSE END)"
                      + " ON CONFLICT (source, dedup_key) DO NOTHING")) {
            // Only a group's first signal in the batch can find it with nothing pending, so only
            // that one probes (a 50-alert notification probes once). Should that one be a
            // redelivery, the group's new signals go in arrival order instead of first: heads are
            // a hint for latency, never needed for correctness.
            Set<String> probed = new HashSet<>();
            for (Signal signal : signals) {
              insert.setString(1, signal.source().wireName());
              insert.setString(2, signal.dedupKey());
              insert.setString(3, signal.groupKey());
              insert.setString(4, signal.alertKey());
              insert.setString(5, signal.status().wireName());
              insert.setString(6, signal.event());
              insert.setString(7, signal.severity().wireName());
              insert.setString(8, signal.summary());
              insert.setString(9, Json.write(signal.labels()));
              insert.setString(10, Json.write(signal.annotations()));
              insert.setString(11, Json.write(signal.links()));
              Times.set(insert, 12, signal.startsAt());
              Times.set(insert, 13, signal.endsAt());
              insert.setInt(14, signal.truncatedAlerts());
              Times.set(insert, 15, receivedAt);
              String group = signal.source().wireName() + '\n' + signal.groupKey();
              insert.setBoolean(16, probed.add(group));
              insert.setString(17, signal.source().wireName());
              insert.setString(18, signal.groupKey());
              insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            List<Boolean> fresh = new ArrayList<>(counts.length);
            for (int count : counts) {
              fresh.add(count > 0);
            }
            return fresh;
          }
        });
  }

  @Override
  public void recordRejected(RejectedDelivery rejected) {
    write(
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO"
                      + " rejected_deliveries (source, body_sha256, status, reason, first_seen, last_seen,"
                      + " repeats) VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (source, body_sha256) DO UPDATE"
                      + " SET repeats = rejected_deliveries.repeats + 1, last_seen = excluded.last_seen")) {
            upsert.setString(1, rejected.source().wireName());
            upsert.setString(2, rejected.bodySha256());
            upsert.setInt(3, rejected.status());
            upsert.setString(4, rejected.reason());
            Times.set(upsert, 5, rejected.at());
            Times.set(upsert, 6, rejected.at());
            upsert.executeUpdate();
            return null;
          }
        });
  }

  /** How many times a refused body arrived again after the first time; empty if never seen. */
  public Optional<Long> rejectedRepeats(Source source, String bodySha256) {
    return read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT repeats FROM"
                      + " rejected_deliveries WHERE source = ? AND body_sha256 = ?")) {
            query.setString(1, source.wireName());
            query.setString(2, bodySha256);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next() ? Optional.of(rows.getLong(1)) : Optional.<Long>empty();
            }
          }
        });
  }

  // ---- correlation -----------------------------------------------------------------------

  /**
   * Up to half a batch are the newest group heads (signals that found their group with nothing
   * pending), the rest the oldest pending signals: a backlog drains in arrival order while a
   * group outside it waits one batch, not the whole backlog. A head goes first only while no
   * older signal of its group is pending (two gateways inserting into one group at once may both
   * mark a head), so each group is still correlated in arrival order; groups are independent.
   */
  @Override
  public int correlatePending(int limit, SignalCorrelator correlator) {
    return write(
        connection -> {
          dialect.lockCorrelation(connection);
          Map<Long, StoredSignal> batch = new LinkedHashMap<>();
          List<StoredSignal> heads =
              pendingSignals(
                  connection,
                  "SELECT "
                      + SIGNAL_COLUMNS
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
                      + SIGNAL_COLUMNS
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
            TransactionState transaction = new TransactionState(cache.connection());
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
          pending.add(signal(rows));
        }
      }
    }
    return pending;
  }

  @Override
  public Optional<IncidentChange> update(long id, Function<Incident, IncidentChange> change) {
    return write(
        connection -> {
          Optional<Incident> current = incident(connection, id, dialect == Dialect.POSTGRESQL);
          if (current.isEmpty()) {
            return Optional.<IncidentChange>empty();
          }
          IncidentChange result = change.apply(current.get());
          saveIncident(connection, result.incident());
          appendTimeline(connection, id, result.entry());
          TimelineEntry entry = result.entry();
          JdbcIncidentEvents.write(
              connection,
              dialect,
              id,
              IncidentEventKind.of(entry.kind()),
              entry.at(),
              entry.message(),
              entry.signalId(),
              null);
          return Optional.of(result);
        });
  }

  @Override
  public Optional<InvestigationClaim> beginInvestigation(WorkQueue.WorkClaim work) {
    return investigations.begin(work);
  }

  @Override
  public IncidentEvents events() {
    return events;
  }

  @Override
  public WorkQueue work() {
    return work;
  }

  @Override
  public IncidentMemory memory() {
    return memory;
  }

  @Override
  public Postmortems postmortems() {
    return postmortems;
  }

  @Override
  public FeedbackStore feedback() {
    return feedback;
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  @Override
  public Remediations remediations() {
    return remediations;
  }

  // ---- reads -----------------------------------------------------------------------------

  @Override
  public Page<Incident> incidents(IncidentQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT " + INCIDENT_COLUMNS + " FROM incidents i" + " WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (query.status() != null) {
      sql.append(" AND status = ?");
      parameters.add(query.status().wireName());
    }
    if (query.severity() != null) {
      sql.append(" AND severity = ?");
      parameters.add(query.severity().wireName());
    }
    if (query.service() != null) {
      sql.append(" AND service = ?");
      parameters.add(query.service());
    }
    if (query.source() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM incident_groups g WHERE g.incident_id = i.id"
              + " AND g.source = ?)");
      parameters.add(query.source().wireName());
    }
    if (query.openedFrom() != null) {
      sql.append(" AND opened_at >= ?");
      parameters.add(Times.micros(query.openedFrom()));
    }
    if (query.openedTo() != null) {
      sql.append(" AND opened_at < ?");
      parameters.add(Times.micros(query.openedTo()));
    }
    if (query.beforeId() != null) {
      sql.append(" AND id < ?");
      parameters.add(query.beforeId());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    parameters.add(query.limit() + 1);
    return read(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
              statement.setObject(i + 1, parameters.get(i));
            }
            List<Incident> items = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                items.add(incident(rows));
              }
            }
            Long next = null;
            if (items.size() > query.limit()) {
              items.remove(items.size() - 1);
              next = items.get(items.size() - 1).id();
            }
            return new Page<>(items, next);
          }
        });
  }

  @Override
  public Optional<IncidentDetail> incident(long id) {
    return read(
        connection -> {
          Optional<Incident> incident = incident(connection, id, false);
          if (incident.isEmpty()) {
            return Optional.<IncidentDetail>empty();
          }
          List<StoredSignal> signals = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT " + SIGNAL_COLUMNS + " FROM signals WHERE incident_id = ? ORDER BY id")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                signals.add(signal(rows));
              }
            }
          }
          List<TimelineEntry> timeline = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT at, kind, message,"
                      + " signal_id FROM timeline WHERE incident_id = ? ORDER BY at, id")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                // wasNull speaks of the column read last, so it is asked right after signal_id.
                long signalId = rows.getLong("signal_id");
                Long signal = rows.wasNull() ? null : signalId;
                timeline.add(
                    new TimelineEntry(
                        Times.get(rows, "at"),
                        TimelineKind.fromWireName(rows.getString("kind")),
                        rows.getString("message"),
                        signal));
              }
            }
          }
          return Optional.of(new IncidentDetail(incident.get(), signals, timeline));
        });
  }

  @Override
  public Optional<Incident> summary(long id) {
    return read(connection -> incident(connection, id, false));
  }

  @Override
  public long activeIncidentCount() {
    return count("SELECT COUNT(*) FROM incidents WHERE status <> 'resolved'");
  }

  @Override
  public long pendingSignalCount() {
    return count("SELECT COUNT(*) FROM signals WHERE correlated = FALSE");
  }

  private long count(String sql) {
    return read(
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql);
              ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  // ---- rows ------------------------------------------------------------------------------

  private static StoredSignal signal(ResultSet rows) throws SQLException {
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

  private static Incident incident(ResultSet rows) throws SQLException {
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

  /** Every non-empty set of sources other than {@code excluded}, as stored in the column. */
  private static String sourcesColumn(Set<Source> sources) {
    StringBuilder text = new StringBuilder(",");
    for (Source source : EnumSet.copyOf(sources)) {
      text.append(source.wireName()).append(',');
    }
    return text.toString();
  }

  private Optional<Incident> incident(Connection connection, long id, boolean forUpdate)
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

  private static void saveIncident(Connection connection, Incident incident) throws SQLException {
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

  private static void bindIncident(PreparedStatement statement, Incident incident)
      throws SQLException {
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

  private static final String INSERT_TIMELINE =
      "INSERT INTO timeline"
          + " (incident_id, at, kind, message, signal_id) VALUES (?, ?, ?, ?, ?)";

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
        null,
        null);
  }

  static void appendTimeline(Connection connection, long incidentId, TimelineEntry entry)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_TIMELINE)) {
      bindTimeline(insert, incidentId, entry);
      insert.executeUpdate();
    }
  }

  private static void bindTimeline(PreparedStatement insert, long incidentId, TimelineEntry entry)
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

  // ---- investigations -------------------------------------------------------------------

  @Override
  public Optional<InvestigationClaim> claimInvestigation(Instant now, Duration lease) {
    return investigations.claim(now, lease);
  }

  @Override
  public boolean completeInvestigation(
      InvestigationClaim claim,
      StoredEvidence evidence,
      NextInvestigation next,
      Diagnosis diagnosis) {
    return investigations.complete(claim, evidence, next, diagnosis);
  }

  @Override
  public void retryInvestigation(InvestigationClaim claim, Instant retryAt, String error) {
    investigations.retry(claim, retryAt, error);
  }

  @Override
  public Optional<StoredEvidence> latestEvidence(long incidentId) {
    return investigations.latest(incidentId);
  }

  @Override
  public Optional<InvestigationStatus> investigationStatus(long incidentId) {
    return investigations.status(incidentId);
  }

  @Override
  public long dueInvestigationCount(Instant now) {
    return investigations.dueCount(now);
  }

  @Override
  public void saveDiagnosis(Diagnosis diagnosis) {
    investigations.saveDiagnosis(diagnosis);
  }

  @Override
  public Optional<Diagnosis> latestDiagnosis(long incidentId) {
    return investigations.latestDiagnosis(incidentId);
  }

  // ---- transactions ----------------------------------------------------------------------

  private <T> T write(SqlWork<T> work) {
    migrate();
    try (Connection connection = writer.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      }
    } catch (SQLException e) {
      if (dialect.refusesContent(e)) {
        throw new StoreRejectedException(describe() + " refused a value: " + rootMessage(e), e);
      }
      throw new StoreUnavailableException(describe() + ": " + rootMessage(e), e);
    }
  }

  private <T> T read(SqlWork<T> work) {
    migrate();
    try (Connection connection = reader.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreUnavailableException(describe() + ": " + rootMessage(e), e);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /**
   * The correlator's view inside one correlation transaction. SQL errors surface as unchecked
   * exceptions that roll the whole batch back.
   */
  private final class TransactionState implements CorrelationState {

    private final Connection connection;
    private PreparedStatement timelineBatch;
    private PreparedStatement attachBatch;
    private final JdbcIncidentEvents.Batch eventBatch;

    /** Incidents whose opening an earlier alert took over in this transaction. */
    private final Set<Long> revisedOpenings = new HashSet<>();

    TransactionState(Connection connection) {
      this.connection = connection;
      this.eventBatch = new JdbcIncidentEvents.Batch(connection, dialect);
    }

    @Override
    public Optional<Incident> latestIncidentForGroup(Source source, String groupKey) {
      return sql(
          () -> {
            try (PreparedStatement query =
                connection.prepareStatement(
                    "SELECT "
                        + INCIDENT_COLUMNS
                        + " FROM incidents WHERE id = (SELECT MAX(incident_id) FROM incident_groups"
                        + " WHERE source = ? AND group_key = ?)")) {
              query.setString(1, source.wireName());
              query.setString(2, groupKey);
              try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(incident(rows)) : Optional.<Incident>empty();
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
                        + INCIDENT_COLUMNS
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
                        + INCIDENT_COLUMNS
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
          incidents.add(incident(rows));
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
              bindIncident(insert, draft);
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
            JdbcIncidentStore.saveIncident(connection, incident);
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
              timelineBatch = connection.prepareStatement(INSERT_TIMELINE);
            }
            bindTimeline(timelineBatch, incidentId, entry);
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
            JdbcInvestigationQueue.request(connection, incidentId, at, opened);
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
        throw new StoreUnavailableException(describe() + ": " + rootMessage(e), e);
      }
    }
  }

  @FunctionalInterface
  private interface SqlSupplier<T> {
    T get() throws SQLException;
  }
}
