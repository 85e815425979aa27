package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.MemoryDocument;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What Firebreak remembers of each incident, with its embedding: the store's record from which
 * every index (the embedded one, Chroma, the keyword index) can be rebuilt.
 */
public interface IncidentMemory {

  /** Stores or replaces a document and its vector. */
  void put(MemoryDocument document, String model, float[] vector);

  Optional<Remembered> get(String id);

  /** Hands every remembered document to {@code sink}, in id order, without holding them all. */
  void forEach(Consumer<Remembered> sink);

  long count();

  /** A document, the model that embedded it, and its vector. */
  record Remembered(MemoryDocument document, String model, float[] vector) {}
}
