package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.IncidentMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Incident memory on SQLite or PostgreSQL ({@code memory_documents}). */
final class JdbcIncidentMemory implements IncidentMemory {

  /** Rows read per round trip while streaming the whole memory. */
  private static final int PAGE = 1000;

  private final Transactor db;

  JdbcIncidentMemory(Transactor db) {
    this.db = db;
  }

  @Override
  public void put(MemoryDocument document, String model, float[] vector) {
    db.write(
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO memory_documents (id, incident_id, body, model, vector, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                      + " incident_id = excluded.incident_id, body = excluded.body,"
                      + " model = excluded.model, vector = excluded.vector,"
                      + " updated_at = excluded.updated_at")) {
            upsert.setString(1, document.id());
            if (document.incidentId() == null) {
              upsert.setNull(2, java.sql.Types.BIGINT);
            } else {
              upsert.setLong(2, document.incidentId());
            }
            upsert.setString(3, EvidenceCodec.write(document));
            upsert.setString(4, model);
            upsert.setBytes(5, bytes(vector));
            Times.set(upsert, 6, Instant.now());
            upsert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Remembered> get(String id) {
    return db.read(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT body, model, vector FROM memory_documents WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next() ? Optional.of(remembered(rows)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void forEach(Consumer<Remembered> sink) {
    String after = "";
    while (true) {
      String from = after;
      String last =
          db.read(
              connection -> {
                try (PreparedStatement query =
                    connection.prepareStatement(
                        "SELECT id, body, model, vector FROM memory_documents WHERE id > ?"
                            + " ORDER BY id LIMIT "
                            + PAGE)) {
                  query.setString(1, from);
                  String seen = null;
                  try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                      seen = rows.getString("id");
                      sink.accept(remembered(rows));
                    }
                  }
                  return seen;
                }
              });
      if (last == null) {
        return;
      }
      after = last;
    }
  }

  @Override
  public long count() {
    return db.read(
        connection -> {
          try (PreparedStatement query =
                  connection.prepareStatement("SELECT COUNT(*) FROM memory_documents");
              ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  private static Remembered remembered(ResultSet rows) throws SQLException {
    return new Remembered(
        EvidenceCodec.readMemoryDocument(rows.getString("body")),
        rows.getString("model"),
        floats(rows.getBytes("vector")));
  }

  static byte[] bytes(float[] vector) {
    ByteBuffer buffer =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  static float[] floats(byte[] bytes) {
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
