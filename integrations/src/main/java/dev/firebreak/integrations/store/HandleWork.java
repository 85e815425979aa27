package dev.firebreak.integrations.store;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/** Work done through one Jdbi handle, in a transaction when it writes. */
@FunctionalInterface
interface HandleWork<T> {
  T run(Handle handle) throws SQLException;
}
