package dev.firebreak.integrations.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.FeedbackStore;
import dev.firebreak.analysis.port.IncidentEvents;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.Incidents;
import dev.firebreak.analysis.port.Investigations;
import dev.firebreak.analysis.port.Outbox;
import dev.firebreak.analysis.port.Postmortems;
import dev.firebreak.analysis.port.Remediations;
import dev.firebreak.analysis.port.StoreUnavailableException;
import dev.firebreak.analysis.port.WorkQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The incident store on SQLite (one file, WAL, fsync on every commit) or PostgreSQL: its pools,
 * its schema ({@code db/migration/common}) and its roles, each a class of its own on the shared
 * {@link Transactor} and {@link Dialect}. A role added later is one more class here.
 *
 * <p>SQLite has a single writer, so writes go through a pool of one connection whose
 * transactions begin IMMEDIATE (no lock upgrade can fail half-way) while reads use their own
 * pool. PostgreSQL uses one pool for both.
 */
public final class JdbcIncidentStore implements IncidentStore {

  /** A failed migration is not tried again by the threads that waited for it, for a second. */
  private static final long MIGRATION_RETRY_NANOS = 1_000_000_000L;

  private final Dialect dialect;
  private final String jdbcUrl;
  private final HikariDataSource writer;
  private final HikariDataSource reader;
  private final Object migrationLock = new Object();
  private StoreUnavailableException lastMigrationFailure;
  private long lastMigrationFailureNanos;
  private volatile boolean migrated;

  private final JdbcIntakeLog intake;
  private final JdbcIncidents incidents;
  private final JdbcInvestigations investigations;
  private final JdbcIncidentEvents events;
  private final JdbcWorkQueue work;
  private final JdbcIncidentMemory memory;
  private final JdbcPostmortems postmortems;
  private final JdbcFeedback feedback;
  private final JdbcOutbox outbox;
  private final JdbcRemediations remediations;

  private JdbcIncidentStore(
      Dialect dialect, String jdbcUrl, HikariDataSource writer, HikariDataSource reader) {
    this.dialect = dialect;
    this.jdbcUrl = jdbcUrl;
    this.writer = writer;
    this.reader = reader;
    String name = describe();
    Transactor db = new PoolTransactor(dialect, name, writer, reader, this::migrate);
    this.intake = new JdbcIntakeLog(db, name);
    this.incidents = new JdbcIncidents(db, dialect, name);
    this.work = new JdbcWorkQueue(db, dialect);
    this.investigations = new JdbcInvestigations(db, dialect, work);
    this.events = new JdbcIncidentEvents(db, dialect);
    this.memory = new JdbcIncidentMemory(db);
    this.postmortems = new JdbcPostmortems(db);
    this.feedback = new JdbcFeedback(db, dialect);
    this.outbox = new JdbcOutbox(db, dialect);
    this.remediations = new JdbcRemediations(db, dialect);
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

  static HikariDataSource pool(String url, String name, int size, boolean sqliteWriter) {
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
                "cannot migrate the " + describe() + " schema: " + PoolTransactor.rootMessage(e),
                e);
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
      return CheckResult.failed(describe() + " unreachable: " + PoolTransactor.rootMessage(e));
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

  // ---- roles ---------------------------------------------------------------------------

  @Override
  public JdbcIntakeLog intake() {
    return intake;
  }

  @Override
  public Incidents incidents() {
    return incidents;
  }

  @Override
  public Investigations investigations() {
    return investigations;
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
}
