package dev.firebreak.gateway;

import java.util.Map;

/** The hostile-input suite on the embedded SQLite store. */
class SqliteHostileInputTest extends HostileInputContract {

  @Override
  Map<String, String> storeSettings() {
    return Map.of("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + directory.resolve("hostile.db"));
  }
}
