package dev.firebreak.integrations.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteIncidentStoreTest extends IncidentStoreContract {

  @TempDir Path directory;

  @Override
  JdbcIncidentStore newStore() {
    return reopen();
  }

  @Override
  JdbcIncidentStore reopen() {
    return JdbcIncidentStore.open("jdbc:sqlite:" + directory.resolve("firebreak.db"), 2);
  }
}
