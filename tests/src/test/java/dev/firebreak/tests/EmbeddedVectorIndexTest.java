package dev.firebreak.tests;

import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.learning.recall.EmbeddedVectorIndex;

/** The contract on the default index: vectors in the SQLite store, searched in memory. */
class EmbeddedVectorIndexTest extends VectorIndexContract {

  @Override
  VectorIndex index() {
    return new EmbeddedVectorIndex(store.memory(), "test-model", DIMENSION);
  }

  @Override
  VectorIndex restarted() {
    store.close();
    openStore();
    return index();
  }
}
