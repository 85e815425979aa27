package dev.firebreak.tests;

import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.integrations.chroma.ChromaSettings;
import dev.firebreak.integrations.chroma.ChromaVectorIndex;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on a real Chroma server (scripts/chroma-server), one collection per test; the
 * restart is the server's own: SIGTERM, then a new process on the same data directory.
 */
class ChromaVectorIndexIT extends VectorIndexContract {

  private static final AtomicInteger COLLECTIONS = new AtomicInteger();
  @TempDir static java.nio.file.Path chromaData;
  private static ChromaProcess chroma;
  private final String collection = "contract_" + COLLECTIONS.incrementAndGet();

  @BeforeAll
  static void startChroma() {
    chroma = new ChromaProcess(chromaData).start();
  }

  @AfterAll
  static void stopChroma() {
    chroma.close();
  }

  @Override
  VectorIndex index() {
    return new ChromaVectorIndex(new ChromaSettings(chroma.url(), null, null, collection, null));
  }

  @Override
  VectorIndex restarted() {
    chroma.restart();
    return index();
  }
}
