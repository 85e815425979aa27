package dev.firebreak.integrations.store;

/** A database the contract suites run on. */
interface TestDatabase {

  /** A store on a fresh, empty database. */
  JdbcIncidentStore create() throws Exception;

  /** The same database opened again, as after a restart. */
  JdbcIncidentStore reopen() throws Exception;
}
