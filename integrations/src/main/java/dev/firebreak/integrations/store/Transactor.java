package dev.firebreak.integrations.store;

/**
 * Runs work on the store's connections; SQL errors become {@code StoreUnavailableException}, a
 * value the database refuses {@code StoreRejectedException}. Roles write either through Jdbi
 * (named parameters, mapped rows) or, on the hot paths of intake and correlation, on the plain
 * connection.
 */
interface Transactor {

  /** On the writer, in one transaction, committed when the work returns. */
  <T> T write(SqlWork<T> work);

  /** On a reader connection. */
  <T> T read(SqlWork<T> work);

  /** On the writer through Jdbi, in one transaction, committed when the work returns. */
  <T> T inTransaction(HandleWork<T> work);

  /** On a reader connection through Jdbi. */
  <T> T withHandle(HandleWork<T> work);
}
