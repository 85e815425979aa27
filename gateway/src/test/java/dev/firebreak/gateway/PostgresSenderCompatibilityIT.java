package dev.firebreak.gateway;

import java.util.Map;

/** The sender compatibility suite on a real PostgreSQL, each test in its own schema. */
class PostgresSenderCompatibilityIT extends SenderCompatibilityContract {

  private PostgresSchema schema;

  @Override
  Map<String, String> storeSettings() throws Exception {
    schema = PostgresSchema.create("fb_senders_");
    return schema.settings();
  }

  @Override
  void dropStore() throws Exception {
    schema.drop();
  }
}
