package dev.firebreak.integrations.store;

import dev.firebreak.analysis.port.StoreRejectedException;
import dev.firebreak.analysis.port.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's transactions on its two pools (one on PostgreSQL). Plain JDBC and Jdbi work go
 * through the same pools and the same error translation, so a role may use either.
 */
final class PoolTransactor implements Transactor {

  private static final Logger LOG = LoggerFactory.getLogger(PoolTransactor.class);

  private final Dialect dialect;
  private final String storeName;
  private final DataSource writer;
  private final DataSource reader;
  private final Jdbi writerJdbi;
  private final Jdbi readerJdbi;
  private final Runnable migrate;

  /**
   * @param migrate run before every unit of work: the schema is made on first use, so the
   *     gateway starts while the database is down
   */
  PoolTransactor(
      Dialect dialect, String storeName, DataSource writer, DataSource reader, Runnable migrate) {
    this.dialect = dialect;
    this.storeName = storeName;
    this.writer = writer;
    this.reader = reader;
    this.writerJdbi = StoreJdbi.on(writer);
    this.readerJdbi = reader == writer ? writerJdbi : StoreJdbi.on(reader);
    this.migrate = migrate;
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    migrate.run();
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
      throw writeFailed(e);
    }
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    migrate.run();
    try (Connection connection = reader.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public <T> T inTransaction(HandleWork<T> work) {
    migrate.run();
    try {
      return writerJdbi.inTransaction(work::run);
    } catch (SQLException e) {
      throw writeFailed(e);
    } catch (JdbiException e) {
      SQLException cause = sqlCause(e);
      throw cause == null ? unavailable(e) : writeFailed(cause);
    }
  }

  @Override
  public <T> T withHandle(HandleWork<T> work) {
    migrate.run();
    try {
      return readerJdbi.withHandle(work::run);
    } catch (SQLException | JdbiException e) {
      throw unavailable(e);
    }
  }

  private RuntimeException writeFailed(SQLException e) {
    if (dialect.refusesContent(e)) {
      return new StoreRejectedException(storeName + " refused a value: " + rootMessage(e), e);
    }
    return unavailable(e);
  }

  private StoreUnavailableException unavailable(Exception e) {
    return new StoreUnavailableException(storeName + ": " + rootMessage(e), e);
  }

  private static SQLException sqlCause(Throwable error) {
    for (Throwable e = error; e != null && e.getCause() != e; e = e.getCause()) {
      if (e instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
