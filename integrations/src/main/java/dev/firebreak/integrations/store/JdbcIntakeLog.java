package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.IntakeLog;
import dev.firebreak.analysis.port.StoreRejectedException;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Intake's log ({@code signals}, {@code rejected_deliveries}). The group commit stays on a
 * plain JDBC batch: it is the one statement every accepted alert runs.
 */
public final class JdbcIntakeLog implements IntakeLog {

  private static final String INSERT_SIGNAL =
      "INSERT INTO signals"
          + " (source, dedup_key, group_key, alert_key, status, event, severity, summary,"
          + " labels, annotations, links, starts_at, ends_at, truncated_alerts, received_at,"
          + " group_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?"
          + " THEN NOT EXISTS (SELECT 1 FROM signals p WHERE p.correlated = FALSE"
          + " AND p.source = ? AND p.group_key = ?) ELSE FALSE END)"
          + " ON CONFLICT (source, dedup_key) DO NOTHING";

  private final Transactor db;
  private final String storeName;

  JdbcIntakeLog(Transactor db, String storeName) {
    this.db = db;
    this.storeName = storeName;
  }

  /**
   * @throws StoreRejectedException when a value cannot be held (an instant beyond the store's
   *     range, text the database refuses): the same signals would fail again
   */
  @Override
  public List<Boolean> append(List<Signal> signals, Instant receivedAt) {
    try {
      return insert(signals, receivedAt);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw new StoreRejectedException(storeName + " cannot hold a value: " + e.getMessage(), e);
    }
  }

  private List<Boolean> insert(List<Signal> signals, Instant receivedAt) {
    return db.write(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT_SIGNAL)) {
            // Only a group's first signal in the batch can find it with nothing pending, so only
            // that one probes (a 50-alert notification probes once). Should that one be a
            // redelivery, the group's new signals go in arrival order instead of first: heads are
            // a hint for latency, never needed for correctness.
            Set<String> probed = new HashSet<>();
            for (Signal signal : signals) {
              insert.setString(1, signal.source().wireName());
              insert.setString(2, signal.dedupKey());
              insert.setString(3, signal.groupKey());
              insert.setString(4, signal.alertKey());
              insert.setString(5, signal.status().wireName());
              insert.setString(6, signal.event());
              insert.setString(7, signal.severity().wireName());
              insert.setString(8, signal.summary());
              insert.setString(9, Json.write(signal.labels()));
              insert.setString(10, Json.write(signal.annotations()));
              insert.setString(11, Json.write(signal.links()));
              Times.set(insert, 12, signal.startsAt());
              Times.set(insert, 13, signal.endsAt());
              insert.setInt(14, signal.truncatedAlerts());
              Times.set(insert, 15, receivedAt);
              String group = signal.source().wireName() + '\n' + signal.groupKey();
              insert.setBoolean(16, probed.add(group));
              insert.setString(17, signal.source().wireName());
              insert.setString(18, signal.groupKey());
              insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            List<Boolean> fresh = new ArrayList<>(counts.length);
            for (int count : counts) {
              fresh.add(count > 0);
            }
            return fresh;
          }
        });
  }

  @Override
  public void recordRejected(RejectedDelivery rejected) {
    db.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO rejected_deliveries"
                        + " (source, body_sha256, status, reason, first_seen, last_seen, repeats)"
                        + " VALUES (:source, :sha, :status, :reason, :at, :at, 0)"
                        + " ON CONFLICT (source, body_sha256) DO UPDATE"
                        + " SET repeats = rejected_deliveries.repeats + 1,"
                        + " last_seen = excluded.last_seen")
                .bind("source", rejected.source().wireName())
                .bind("sha", rejected.bodySha256())
                .bind("status", rejected.status())
                .bind("reason", rejected.reason())
                .bind("at", rejected.at())
                .execute());
  }

  /** How many times a refused body arrived again after the first time; empty if never seen. */
  public Optional<Long> rejectedRepeats(Source source, String bodySha256) {
    return db.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT repeats FROM rejected_deliveries"
                        + " WHERE source = :source AND body_sha256 = :sha")
                .bind("source", source.wireName())
                .bind("sha", bodySha256)
                .mapTo(Long.class)
                .findOne());
  }
}
