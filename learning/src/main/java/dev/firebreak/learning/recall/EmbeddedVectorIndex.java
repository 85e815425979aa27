package dev.firebreak.learning.recall;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.learning.embed.QuantizedVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default vector index: vectors persisted in the incident store ({@link IncidentMemory}) and
 * searched exhaustively in memory, so nothing else has to run and no match is missed. In memory
 * each vector is 384 quantised integers and a scale ({@link QuantizedVectors}), about 1.5 KiB per
 * incident in one array, searched with integer arithmetic the JIT vectorises and, from
 * {@value #PARALLEL_ROWS} rows on, on every processor; the store keeps the exact floats. They are loaded from the store on the first search, so a
 * gateway that searches Chroma instead never holds them.
 */
public final class EmbeddedVectorIndex implements VectorIndex {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedVectorIndex.class);

  /** From this many rows on, a search is split over the processors. */
  private static final int PARALLEL_ROWS = 16_384;

  private static final int PARTS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final int ANY = -1;
  private static final int NONE = -2;

  private final IncidentMemory memory;
  private final String model;
  private final int dimension;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<MemoryDocument> documents = new ArrayList<>();
  private final Map<String, Integer> rows = new HashMap<>();
  private int[] codes = new int[0];
  private float[] unscale = new float[0];
  // Filter columns, so that a search touches no document object until a row qualifies.
  private int[] services = new int[0];
  private int[] causes = new int[0];
  private long[] opened = new long[0];
  private final Map<String, Integer> names = new HashMap<>();
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
    int[] coded = new int[dimension];
    float queryUnscale = QuantizedVectors.encode(query, coded, 0);
    lock.readLock().lock();
    try {
      int rows = documents.size();
      int parts = rows < PARALLEL_ROWS ? 1 : Math.min(PARTS, rows / (PARALLEL_ROWS / 2));
      List<PriorityQueue<Match>> best =
          IntStream.range(0, parts)
              .parallel()
              .mapToObj(
                  part ->
                      scan(
                          coded,
                          queryUnscale,
                          k,
                          filter,
                          (int) ((long) rows * part / parts),
                          (int) ((long) rows * (part + 1) / parts)))
              .toList();
      List<Match> ranked = new ArrayList<>();
      best.forEach(ranked::addAll);
      ranked.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
      return ranked.size() > k ? List.copyOf(ranked.subList(0, k)) : ranked;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The {@code k} best rows of {@code [from, to)}; the caller holds the read lock. */
  private PriorityQueue<Match> scan(
      int[] coded, float queryUnscale, int k, Filter filter, int from, int to) {
    PriorityQueue<Match> best =
        new PriorityQueue<>(
            Math.max(1, k), (a, b) -> Double.compare(a.similarity(), b.similarity()));
    int service = code(filter.service());
    int cause = code(filter.cause());
    long openedFrom = filter.openedFrom() == null ? Long.MIN_VALUE : nanos(filter.openedFrom());
    long openedTo = filter.openedTo() == null ? Long.MAX_VALUE : nanos(filter.openedTo());
    Integer excluded = filter.excludeId() == null ? null : rows.get(filter.excludeId());
    int skip = excluded == null ? -1 : excluded;
    float floor = Float.NEGATIVE_INFINITY;
    for (int row = from; row < to; row++) {
      if ((service != ANY && services[row] != service)
          || (cause != ANY && causes[row] != cause)
          || opened[row] < openedFrom
          || opened[row] >= openedTo
          || row == skip) {
        continue;
      }
      float similarity =
          QuantizedVectors.dot(coded, codes, row * dimension) * unscale[row] * queryUnscale;
      if (best.size() < k) {
        best.add(new Match(documents.get(row), similarity));
        floor = best.size() == k ? (float) best.peek().similarity() : Float.NEGATIVE_INFINITY;
      } else if (k > 0 && similarity > floor) {
        best.poll();
        best.add(new Match(documents.get(row), similarity));
        floor = (float) best.peek().similarity();
      }
    }
    return best;
  }

  /** The code of a filter value; {@link #ANY} for no filter, {@link #NONE} for an unknown value. */
  private int code(String value) {
    if (value == null || value.isEmpty()) {
      return ANY;
    }
    Integer code = names.get(value);
    return code == null ? NONE : code;
  }

  private int intern(String value) {
    return names.computeIfAbsent(value, name -> names.size());
  }

  private static long nanos(java.time.Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
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
      return (long) codes.length * Integer.BYTES + (long) unscale.length * Float.BYTES;
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
      grow((int) Math.min(Integer.MAX_VALUE / dimension, memory.count() + 1024));
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
    // Results show a document's fields, not its text, which stays in the store only.
    MemoryDocument held =
        new MemoryDocument(
            document.id(),
            document.incidentId(),
            document.title(),
            "",
            document.service(),
            document.cause(),
            document.resolution(),
            document.resolved(),
            document.openedAt(),
            document.updatedAt(),
            document.postmortem());
    Integer row = rows.get(document.id());
    if (row == null) {
      row = documents.size();
      documents.add(held);
      rows.put(document.id(), row);
      if (row >= unscale.length) {
        grow(Math.max(64, unscale.length + unscale.length / 2));
      }
    } else {
      documents.set(row, held);
    }
    services[row] = intern(document.service());
    causes[row] = intern(document.cause());
    opened[row] = nanos(document.openedAt());
    unscale[row] = QuantizedVectors.encode(vector, codes, row * dimension);
  }

  /** Makes room for {@code capacity} rows; the caller holds the write lock. */
  private void grow(int capacity) {
    if (capacity <= unscale.length) {
      return;
    }
    codes = Arrays.copyOf(codes, capacity * dimension);
    unscale = Arrays.copyOf(unscale, capacity);
    services = Arrays.copyOf(services, capacity);
    causes = Arrays.copyOf(causes, capacity);
    opened = Arrays.copyOf(opened, capacity);
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
