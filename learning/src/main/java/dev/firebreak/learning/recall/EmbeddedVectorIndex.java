package dev.firebreak.learning.recall;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.learning.embed.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default vector index: vectors persisted in the incident store ({@link IncidentMemory}) and
 * searched exhaustively in memory, so every search is exact and nothing else has to run. The
 * vectors sit in one row-major float array (384 floats, 1.5 KiB, per incident); they are loaded
 * from the store on the first search, so a gateway that searches Chroma instead never holds
 * them.
 */
public final class EmbeddedVectorIndex implements VectorIndex {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedVectorIndex.class);

  private final IncidentMemory memory;
  private final String model;
  private final int dimension;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<MemoryDocument> documents = new ArrayList<>();
  private final Map<String, Integer> rows = new HashMap<>();
  private float[] matrix = new float[0];
  private volatile boolean loaded;

  /** @param model only vectors of this model are searched (others wait for a reindex) */
  public EmbeddedVectorIndex(IncidentMemory memory, String model, int dimension) {
    this.memory = memory;
    this.model = model;
    this.dimension = dimension;
  }

  @Override
  public void upsert(MemoryDocument document, float[] vector) {
    requireDimension(vector);
    memory.put(document, model, vector);
    if (loaded) {
      lock.writeLock().lock();
      try {
        place(document, vector);
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  @Override
  public List<Match> nearest(float[] query, int k, Filter filter) {
    requireDimension(query);
    load();
    PriorityQueue<Match> best =
        new PriorityQueue<>(
            Math.max(1, k), (a, b) -> Double.compare(a.similarity(), b.similarity()));
    lock.readLock().lock();
    try {
      for (int row = 0; row < documents.size(); row++) {
        MemoryDocument document = documents.get(row);
        if (!filter.accepts(document)) {
          continue;
        }
        float similarity = Vectors.dot(query, matrix, row);
        if (best.size() < k) {
          best.add(new Match(document, similarity));
        } else if (k > 0 && similarity > best.peek().similarity()) {
          best.poll();
          best.add(new Match(document, similarity));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    List<Match> ranked = new ArrayList<>(best);
    ranked.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
    return ranked;
  }

  @Override
  public long size() {
    if (!loaded) {
      return memory.count();
    }
    lock.readLock().lock();
    try {
      return documents.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Bytes the loaded vectors take on the heap (0 before the first search). */
  public long vectorBytes() {
    lock.readLock().lock();
    try {
      return (long) matrix.length * Float.BYTES;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void load() {
    if (loaded) {
      return;
    }
    lock.writeLock().lock();
    try {
      if (loaded) {
        return;
      }
      long[] skipped = {0};
      memory.forEach(
          remembered -> {
            if (remembered.model().equals(model) && remembered.vector().length == dimension) {
              place(remembered.document(), remembered.vector());
            } else {
              skipped[0]++;
            }
          });
      if (skipped[0] > 0) {
        LOG.warn(
            "{} remembered incidents were embedded with another model; run `firebreak reindex`",
            skipped[0]);
      }
      loaded = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Puts a document in its row, or a new one; the caller holds the write lock. */
  private void place(MemoryDocument document, float[] vector) {
    Integer row = rows.get(document.id());
    if (row == null) {
      row = documents.size();
      documents.add(document);
      rows.put(document.id(), row);
      if ((row + 1) * dimension > matrix.length) {
        matrix = Arrays.copyOf(matrix, Math.max(dimension * 64, matrix.length * 2));
      }
    } else {
      documents.set(row, document);
    }
    System.arraycopy(vector, 0, matrix, row * dimension, dimension);
  }

  private void requireDimension(float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector has " + vector.length + " dimensions, the index " + dimension);
    }
  }

  @Override
  public CheckResult check() {
    return CheckResult.OK;
  }

  @Override
  public void close() {}
}
