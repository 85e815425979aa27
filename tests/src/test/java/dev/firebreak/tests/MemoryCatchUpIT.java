package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.integrations.chroma.ChromaSettings;
import dev.firebreak.integrations.chroma.ChromaVectorIndex;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import dev.firebreak.learning.Memory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chroma as the vector index, going away while incidents open: recall keeps answering from the
 * store's copy, and once Chroma is back the memory's event consumer catches up, so every
 * incident is in Chroma without anything being re-sent.
 */
class MemoryCatchUpIT {

  @TempDir Path directory;

  @Test
  void chromaDownWhileIncidentsOpen_catchesUpFromTheEventsWhenItIsBack() throws Exception {
    try (ChromaProcess chroma = new ChromaProcess(directory.resolve("chroma")).start()) {
      Map<String, String> settings = new HashMap<>();
      settings.put("FIREBREAK_PORT", "0");
      settings.put("FIREBREAK_DATABASE_URL", "jdbc:sqlite:" + directory.resolve("firebreak.db"));
      settings.put("FIREBREAK_POSTMORTEM_DIR", directory.resolve("postmortems").toString());
      settings.put("FIREBREAK_VECTOR_INDEX", "chroma");
      settings.put("FIREBREAK_CHROMA_URL", chroma.url());
      var config = ConfigLoader.load(settings);
      JdbcIncidentStore store = JdbcIncidentStore.open(config.databaseUrl(), 4);
      ChromaVectorIndex direct = new ChromaVectorIndex(ChromaSettings.at(chroma.url()));
      try (Gateway gateway = Gateway.create(config, store, Clock.systemUTC()).start()) {
        Memory memory = gateway.memory().orElseThrow();
        submit(gateway, "disk-1", "orders-db disk 97% full");
        await(() -> size(direct) == 1, "the first incident in Chroma");

        chroma.stop();
        submit(gateway, "disk-2", "orders-db disk 98% full on the replica");
        submit(gateway, "cert-3", "api.example.test certificate expires in 2 days");
        await(
            () -> memory.followers().get(0).failures() > 0,
            "the memory consumer to fail while Chroma is down");
        // Recall still answers, from the store's copy.
        List<String> found =
            memory.recall().search("disk full", 5, -1, VectorIndex.Filter.NONE).stream()
                .map(similar -> similar.document().id())
                .toList();
        assertThat(found).contains(MemoryDocument.incidentId(1));

        chroma.start();
        memory.wake();
        await(() -> size(direct) == 3, "Chroma to catch up with the three incidents");
        // The consumer moves its position once the batch is in every index.
        await(
            () -> store.events().position(Memory.INDEX_CONSUMER) == store.events().latestEventId(),
            "the memory consumer to reach the end of the stream");
        assertThat(store.memory().count()).isEqualTo(3);
        List<String> fromChroma =
            memory
                .recall()
                .search("disk full on a database", 2, -1, VectorIndex.Filter.NONE)
                .stream()
                .map(similar -> similar.document().id())
                .toList();
        assertThat(fromChroma)
            .containsExactlyInAnyOrder(MemoryDocument.incidentId(1), MemoryDocument.incidentId(2));
        assertThat(store.incidents().detail(3).orElseThrow().incident().status())
            .isEqualTo(IncidentStatus.OPEN);
      }
    }
  }

  private static void submit(Gateway gateway, String key, String summary) {
    Instant now = Instant.now();
    gateway
        .intake()
        .submit(
            List.of(
                new Signal(
                    Source.ALERTMANAGER,
                    key + ":firing",
                    key,
                    key,
                    SignalStatus.FIRING,
                    "firing",
                    Severity.CRITICAL,
                    summary,
                    Map.of("alertname", key, "service", key),
                    Map.of(),
                    Map.of(),
                    now,
                    null,
                    0)))
        .join();
  }

  /** The collection's size, or -1 while it cannot be read. */
  private static long size(ChromaVectorIndex index) {
    try {
      return index.size();
    } catch (ChromaVectorIndex.ChromaUnavailableException e) {
      return -1;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
