package dev.firebreak.integrations.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Intake's group commit, written as it is (a plain JDBC batch) and as Jdbi would write it (a
 * {@code PreparedBatch} with named parameters), on the same SQLite writer pool and settings
 * (WAL, synchronous=FULL), in alternating rounds. Prints signals per second and the writer
 * thread's CPU time per signal, which is what the binding layer costs apart from the fsync.
 *
 * <p>{@code scripts/bench-intake-commit.sh}; options (system properties): {@code commit.signals}
 * per round (default 100,000), {@code commit.rounds} (default 3).
 */
public final class IntakeCommitBenchmark {

  private static final String INSERT_NAMED =
      "INSERT INTO signals"
          + " (source, dedup_key, group_key, alert_key, status, event, severity, summary,"
          + " labels, annotations, links, starts_at, ends_at, truncated_alerts, received_at,"
          + " group_head) VALUES (:source, :dedup, :group, :alert, :status, :event, :severity,"
          + " :summary, :labels, :annotations, :links, :startsAt, :endsAt, :truncated, :receivedAt,"
          + " CASE WHEN :probe THEN NOT EXISTS (SELECT 1 FROM signals p WHERE p.correlated = FALSE"
          + " AND p.source = :source AND p.group_key = :group) ELSE FALSE END)"
          + " ON CONFLICT (source, dedup_key) DO NOTHING";

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private IntakeCommitBenchmark() {}

  public static void main(String[] args) throws Exception {
    int perRound = Integer.getInteger("commit.signals", 100_000);
    int rounds = Integer.getInteger("commit.rounds", 3);
    Path dir = Files.createTempDirectory("firebreak-commit-bench");
    String url = "jdbc:sqlite:" + dir.resolve("store.db");
    try (JdbcIncidentStore schema = JdbcIncidentStore.open(url, 1)) {
      schema.migrate();
    }
    System.out.printf(
        "Intake group commit, SQLite WAL synchronous=FULL, %,d signals per round, %d rounds%n",
        perRound, rounds);
    System.out.printf(
        "%n%-12s %-10s %14s %14s %14s%n",
        "per commit", "writer", "signals/s", "CPU µs/signal", "ms/commit");
    try (HikariDataSource writer = JdbcIncidentStore.pool(url, "bench-writer", 1, true)) {
      PoolTransactor db = new PoolTransactor(Dialect.SQLITE, "bench", writer, writer, () -> {});
      JdbcIntakeLog jdbc = new JdbcIntakeLog(db, "bench");
      int[] serial = {0};
      for (int batch : new int[] {1, 50}) {
        int signals = batch == 1 ? perRound / 10 : perRound;
        // Warm-up of both, then alternating measured rounds.
        measure(batch, signals / 5, s -> jdbc.append(s, Instant.now()), serial);
        measure(batch, signals / 5, s -> jdbiAppend(db, s), serial);
        double[][] totals = new double[2][3];
        for (int round = 0; round < rounds; round++) {
          add(totals[0], measure(batch, signals, s -> jdbc.append(s, Instant.now()), serial));
          add(totals[1], measure(batch, signals, s -> jdbiAppend(db, s), serial));
        }
        String[] names = {"JDBC batch", "Jdbi batch"};
        for (int i = 0; i < 2; i++) {
          System.out.printf(
              "%-12s %-10s %,14.0f %14.2f %14.3f%n",
              batch, names[i], totals[i][0] / rounds, totals[i][1] / rounds, totals[i][2] / rounds);
        }
      }
    }
  }

  private interface Commit {
    void append(List<Signal> signals);
  }

  private static void add(double[] into, double[] values) {
    for (int i = 0; i < into.length; i++) {
      into[i] += values[i];
    }
  }

  /** signals/s, writer CPU µs per signal, ms per commit. */
  private static double[] measure(int batch, int signals, Commit commit, int[] serial) {
    long cpu = CPU.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int done = 0; done < signals; done += batch) {
      List<Signal> commitSignals = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        commitSignals.add(signal(serial[0]++));
      }
      commit.append(commitSignals);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMicros = (CPU.getCurrentThreadCpuTime() - cpu) / 1e3;
    return new double[] {
      signals / seconds, cpuMicros / signals, seconds * 1e3 / Math.ceil((double) signals / batch)
    };
  }

  private static Signal signal(int n) {
    return new Signal(
        Source.ALERTMANAGER,
        "bench-" + n,
        "{}:{alertname=\"Bench-" + n / 50 + "\"}",
        "fp-" + n,
        SignalStatus.FIRING,
        "Bench",
        Severity.WARNING,
        "bench alert",
        Map.of("alertname", "Bench", "instance", "i-" + n, "service", "bench"),
        Map.of("summary", "bench alert"),
        Map.of("generator", "http://bench.test/graph"),
        Instant.parse("2026-11-21T10:00:00Z"),
        null,
        0);
  }

  private static void jdbiAppend(PoolTransactor db, List<Signal> signals) {
    Instant receivedAt = Instant.now();
    db.inTransaction(
        handle -> {
          PreparedBatch insert = handle.prepareBatch(INSERT_NAMED);
          Set<String> probed = new HashSet<>();
          for (Signal signal : signals) {
            insert
                .bind("source", signal.source().wireName())
                .bind("dedup", signal.dedupKey())
                .bind("group", signal.groupKey())
                .bind("alert", signal.alertKey())
                .bind("status", signal.status().wireName())
                .bind("event", signal.event())
                .bind("severity", signal.severity().wireName())
                .bind("summary", signal.summary())
                .bind("labels", Json.write(signal.labels()))
                .bind("annotations", Json.write(signal.annotations()))
                .bind("links", Json.write(signal.links()))
                .bind("startsAt", signal.startsAt())
                .bind("endsAt", signal.endsAt())
                .bind("truncated", signal.truncatedAlerts())
                .bind("receivedAt", receivedAt)
                .bind("probe", probed.add(signal.groupKey()))
                .add();
          }
          return insert.execute();
        });
  }
}
