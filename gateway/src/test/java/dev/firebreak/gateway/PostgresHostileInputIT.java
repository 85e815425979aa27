package dev.firebreak.gateway;

import java.util.Map;

/** The hostile-input suite on a real PostgreSQL, each test in its own schema. */
class PostgresHostileInputIT extends HostileInputContract {

  private PostgresSchema schema;

  @Override
  Map<String, String> storeSettings() throws Exception {
    schema = PostgresSchema.create("fb_hostile_");
    return schema.settings();
  }

  @Override
  void dropStore() throws Exception {
    schema.drop();
  }
}
