package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.IncidentMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incident memory: documents with their model and vector, replaced by id, streamed in full. */
abstract class MemoryContract extends StoreContract {

  private static MemoryDocument document(String id, Long incidentId, String title) {
    return new MemoryDocument(
        id,
        incidentId,
        title,
        "checkout 5xx after deploy",
        "checkout",
        "bad_deploy",
        "rolled back",
        true,
        Instant.parse("2026-11-21T10:00:00Z"),
        Instant.parse("2026-11-21T10:30:00Z"),
        "");
  }

  @Test
  void memory_keepsTheDocumentModelAndVectorAndReplacesById() {
    IncidentMemory memory = store.memory();
    float[] vector = {0.25f, -1.5f, Float.MIN_VALUE, 3.0e9f};
    memory.put(document("incident-7", 7L, "first"), "bge-small", vector);
    memory.put(document("incident-7", 7L, "second"), "bge-small", vector);

    IncidentMemory.Remembered remembered = memory.get("incident-7").orElseThrow();
    assertThat(remembered.document()).isEqualTo(document("incident-7", 7L, "second"));
    assertThat(remembered.model()).isEqualTo("bge-small");
    assertThat(remembered.vector()).containsExactly(vector);
    assertThat(memory.count()).isEqualTo(1);
    assertThat(memory.get("incident-8")).isEmpty();
  }

  @Test
  void memory_keepsADocumentWithoutAnIncident() {
    store.memory().put(document("runbook-1", null, "a runbook"), "bge-small", new float[] {1f});
    assertThat(store.memory().get("runbook-1").orElseThrow().document().incidentId()).isNull();
  }

  @Test
  void memory_streamsEveryDocumentOnceAcrossPages() {
    int documents = 1_003; // more than one page of the stream
    for (int i = 0; i < documents; i++) {
      store.memory().put(document(String.format("doc-%05d", i), (long) i, "t"), "m", new float[2]);
    }
    List<String> seen = new ArrayList<>();
    store.memory().forEach(remembered -> seen.add(remembered.document().id()));
    assertThat(seen).hasSize(documents).doesNotHaveDuplicates().isSorted();
    assertThat(store.memory().count()).isEqualTo(documents);
  }
}
