package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

/** What the crash suites check of investigations in the store's tables, on either database. */
final class StoredInvestigations {

  private StoredInvestigations() {}

  /** Every incident has its first evidence run, no run is stored or announced twice, none dead. */
  static void assertInvestigatedOnce(Statement sql) throws Exception {
    assertThat(uninvestigated(sql)).as("incidents without their first evidence run").isZero();
    assertThat(
            count(
                sql,
                "SELECT COUNT(*) FROM investigations v WHERE v.runs <> (SELECT COUNT(*) FROM"
                    + " evidence e WHERE e.incident_id = v.incident_id)"))
        .as("investigations whose completed runs differ from the runs stored")
        .isZero();
    assertThat(
            count(
                sql,
                "SELECT COUNT(*) FROM (SELECT incident_id FROM incident_events WHERE kind ="
                    + " 'investigated' GROUP BY incident_id, run HAVING COUNT(*) > 1) twice"))
        .as("an evidence run announced twice")
        .isZero();
    assertThat(count(sql, "SELECT COUNT(*) FROM work_items WHERE state = 'dead'")).isZero();
  }

  /** Incidents still without their first evidence run. */
  static long uninvestigated(Statement sql) throws Exception {
    return count(
        sql,
        "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM evidence e"
            + " WHERE e.incident_id = i.id AND e.run = 1)");
  }

  /**
   * Investigations under a lease at {@code now}: right after a kill, those the dead process was
   * running, which a later process must take over once the lease ends.
   */
  static long leased(Statement sql, Instant now) throws Exception {
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    return count(
        sql,
        "SELECT COUNT(*) FROM work_items WHERE kind = 'investigation' AND state = 'pending'"
            + " AND lease_until > "
            + micros);
  }

  static long count(Statement sql, String query) throws Exception {
    try (ResultSet rows = sql.executeQuery(query)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }
}
