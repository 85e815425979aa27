package dev.firebreak.integrations.store;

/** Runs work on the store's connections; SQL errors become {@code StoreUnavailableException}. */
interface Transactor {

  /** On the writer, in one transaction, committed when the work returns. */
  <T> T write(SqlWork<T> work);

  /** On a reader connection. */
  <T> T read(SqlWork<T> work);
}
