package dev.firebreak.tests;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.learning.embed.MiniLmEmbedder;
import dev.firebreak.learning.recall.EmbeddedVectorIndex;
import dev.firebreak.learning.recall.KeywordIndex;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Recall at scale: {@code N} (default 100,000) remembered incidents with synthetic texts and
 * random unit vectors (query time does not depend on what the vectors mean). Prints the heap the
 * embedded index and the keyword index take once loaded, and query latency p50/p99 of each, and
 * of embedding the query text with the real model.
 */
public final class RecallScaleBenchmark {

  private static final String[] WORDS = {
    "checkout",
    "payments",
    "orders",
    "inventory",
    "search",
    "auth",
    "gateway",
    "database",
    "postgres",
    "redis",
    "kafka",
    "latency",
    "errors",
    "5xx",
    "timeout",
    "connection",
    "pool",
    "exhausted",
    "memory",
    "leak",
    "oom",
    "killed",
    "restart",
    "deploy",
    "rollback",
    "config",
    "change",
    "certificate",
    "expired",
    "disk",
    "full",
    "cpu",
    "throttling",
    "saturation",
    "traffic",
    "surge",
    "dns",
    "resolution",
    "failed",
    "upstream",
    "dependency",
    "down",
    "node",
    "pod",
    "crashloop",
    "queue",
    "backlog",
    "replica",
    "lag",
    "slow",
    "query",
    "lock",
    "deadlock"
  };

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(System.getProperty("recall.n", "100000"));
    int queries = 500;
    Random random = new Random(42);
    InMemory memory = new InMemory();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 1; i <= count; i++) {
      MemoryDocument document =
          new MemoryDocument(
              MemoryDocument.incidentId(i),
              (long) i,
              sentence(random, 6),
              sentence(random, 60),
              WORDS[random.nextInt(8)],
              "",
              "",
              true,
              t0.plusSeconds(i * 60L),
              t0.plusSeconds(i * 60L),
              "");
      memory.put(document, MiniLmEmbedder.MODEL, unit(random));
    }
    long before = usedHeap();
    EmbeddedVectorIndex vectors = new EmbeddedVectorIndex(memory, MiniLmEmbedder.MODEL, 384);
    vectors.nearest(unit(random), 1, VectorIndex.Filter.NONE);
    long afterVectors = usedHeap();
    KeywordIndex keywords = new KeywordIndex(memory);
    keywords.search("warm up", 1, VectorIndex.Filter.NONE);
    long afterKeywords = usedHeap();

    // Each kind of query is timed in a loop of its own, after a warm-up, so that one kind's
    // garbage and compilation do not land on another's figures.
    List<float[]> vectorQueries = new ArrayList<>();
    List<String> textQueries = new ArrayList<>();
    for (int i = 0; i < queries + 50; i++) {
      vectorQueries.add(unit(random));
      textQueries.add(sentence(random, 12));
    }
    VectorIndex.Filter oneService = new VectorIndex.Filter("checkout", null, null, null, null);
    List<Long> nearest =
        time(queries, i -> vectors.nearest(vectorQueries.get(i), 50, VectorIndex.Filter.NONE));
    List<Long> filtered = time(queries, i -> vectors.nearest(vectorQueries.get(i), 50, oneService));
    List<Long> bm25 =
        time(queries, i -> keywords.search(textQueries.get(i), 50, VectorIndex.Filter.NONE));
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    embedder.embed("warm up");
    List<Long> embed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String text = sentence(random, 30);
      long started = System.nanoTime();
      embedder.embed(text);
      embed.add(System.nanoTime() - started);
    }
    System.out.printf(Locale.ROOT, "%,d remembered incidents, %d queries each%n%n", count, queries);
    System.out.println("| what | p50 ms | p99 ms |");
    System.out.println("| --- | ---: | ---: |");
    row("embedded index, 50 nearest", nearest);
    row("embedded index, 50 nearest of one service (1/8)", filtered);
    row("BM25 (Lucene), 50 best, 12-word query", bm25);
    row("embedding a 30-word query (all-MiniLM-L6-v2)", embed);
    System.out.printf(
        Locale.ROOT,
        "%nheap: vectors %.0f MiB (array %.0f MiB), keyword index %.0f MiB; the documents"
            + " themselves (this benchmark keeps them in memory, a gateway in its store) not"
            + " counted%n",
        (afterVectors - before) / 1048576.0,
        vectors.vectorBytes() / 1048576.0,
        (afterKeywords - afterVectors) / 1048576.0);
    keywords.close();
  }

  /** Nanoseconds of each of {@code count} runs, after 50 untimed ones. */
  private static List<Long> time(int count, java.util.function.IntConsumer query) {
    for (int i = 0; i < 50; i++) {
      query.accept(count + i);
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long started = System.nanoTime();
      query.accept(i);
      nanos.add(System.nanoTime() - started);
    }
    return nanos;
  }

  private static void row(String what, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(Long::compare);
    System.out.printf(
        Locale.ROOT,
        "| %s | %.2f | %.2f |%n",
        what,
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6);
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String sentence(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }

  private static float[] unit(Random random) {
    float[] vector = new float[384];
    double sum = 0;
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) random.nextGaussian();
      sum += vector[i] * vector[i];
    }
    float scale = (float) (1 / Math.sqrt(sum));
    for (int i = 0; i < vector.length; i++) {
      vector[i] *= scale;
    }
    return vector;
  }

  /** The memory role in a map: what is measured here is the indexes, not the store. */
  private static final class InMemory implements IncidentMemory {
    private final Map<String, Remembered> documents = new TreeMap<>();

    @Override
    public void put(MemoryDocument document, String model, float[] vector) {
      documents.put(document.id(), new Remembered(document, model, vector));
    }

    @Override
    public Optional<Remembered> get(String id) {
      return Optional.ofNullable(documents.get(id));
    }

    @Override
    public void forEach(Consumer<Remembered> sink) {
      documents.values().forEach(sink);
    }

    @Override
    public long count() {
      return documents.size();
    }
  }

  private RecallScaleBenchmark() {}
}
