package dev.firebreak.integrations.store;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.IncidentMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.StatementContext;

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
    db.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO memory_documents (id, incident_id, body, model, vector, updated_at)"
                        + " VALUES (:id, :incidentId, :body, :model, :vector, :updatedAt)"
                        + " ON CONFLICT (id) DO UPDATE SET incident_id = excluded.incident_id,"
                        + " body = excluded.body, model = excluded.model,"
                        + " vector = excluded.vector, updated_at = excluded.updated_at")
                .bind("id", document.id())
                .bindByType("incidentId", document.incidentId(), Long.class)
                .bind("body", EvidenceCodec.write(document))
                .bind("model", model)
                .bind("vector", bytes(vector))
                .bind("updatedAt", Instant.now())
                .execute());
  }

  @Override
  public Optional<Remembered> get(String id) {
    return db.withHandle(
        handle ->
            handle
                .createQuery("SELECT body, model, vector FROM memory_documents WHERE id = :id")
                .bind("id", id)
                .map(JdbcIncidentMemory::remembered)
                .findOne());
  }

  @Override
  public void forEach(Consumer<Remembered> sink) {
    String after = "";
    while (true) {
      String from = after;
      // A page at a time by id, each on its own connection: the sink may be slow (it builds
      // an index) and must not hold a reader for the whole table.
      List<String> page =
          db.withHandle(
              handle ->
                  handle
                      .createQuery(
                          "SELECT id, body, model, vector FROM memory_documents WHERE id > :after"
                              + " ORDER BY id LIMIT :page")
                      .bind("after", from)
                      .bind("page", PAGE)
                      .map(
                          (rows, context) -> {
                            sink.accept(remembered(rows, context));
                            return rows.getString("id");
                          })
                      .list());
      if (page.isEmpty()) {
        return;
      }
      after = page.get(page.size() - 1);
    }
  }

  @Override
  public long count() {
    return db.withHandle(
        handle ->
            handle.createQuery("SELECT COUNT(*) FROM memory_documents").mapTo(Long.class).one());
  }

  private static Remembered remembered(ResultSet rows, StatementContext context)
      throws SQLException {
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
