package dev.firebreak.gateway;

import java.util.Map;

/** The sender compatibility suite on the embedded SQLite store. */
class SqliteSenderCompatibilityTest extends SenderCompatibilityContract {

  @Override
  Map<String, String> storeSettings() {
    return Map.of("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + directory.resolve("senders.db"));
  }
}
