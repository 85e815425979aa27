package dev.firebreak.tests;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.integrations.chroma.ChromaSettings;
import dev.firebreak.integrations.chroma.ChromaVectorIndex;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import dev.firebreak.learning.embed.MiniLmEmbedder;
import dev.firebreak.learning.postmortem.MarkdownPostmortem;
import dev.firebreak.learning.recall.EmbeddedVectorIndex;
import dev.firebreak.learning.recall.IncidentRecall;
import dev.firebreak.learning.recall.KeywordIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Similar-incident recall on the annotated public postmortems in {@code
 * ../shared/data/incidents/icco-postmortems} (the protocol of BASELINES.md section 5): every
 * postmortem is imported as a team would import theirs, each one's summary is the query with
 * itself left out, and a result is relevant when it shares a category. Prints P@5, R@5, MRR,
 * nDCG@10 and query latency for embeddings on the embedded index, embeddings on a real Chroma
 * server, BM25 alone and the fused ranking, and the random ranker's P@5, all from one run.
 */
public final class RecallBenchmark {

  private static final int K = 5;

  public static void main(String[] args) throws Exception {
    Path corpus =
        Repository.root().resolveSibling("shared").resolve("data/incidents/icco-postmortems/data");
    List<MarkdownPostmortem> postmortems = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        postmortems.add(
            MarkdownPostmortem.parse(
                file.getFileName().toString(), Files.readString(file), Instant.EPOCH));
      }
    }
    Path dir = Files.createTempDirectory("firebreak-recall");
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    Instant now = Instant.now();
    try (JdbcIncidentStore store =
            JdbcIncidentStore.open("jdbc:sqlite:" + dir.resolve("store.db"), 4);
        ChromaProcess chroma = new ChromaProcess(dir.resolve("chroma")).start()) {
      store.migrate();
      EmbeddedVectorIndex embedded =
          new EmbeddedVectorIndex(store.memory(), embedder.model(), embedder.dimension());
      ChromaVectorIndex chromaIndex = new ChromaVectorIndex(ChromaSettings.at(chroma.url()));
      long started = System.nanoTime();
      Map<String, MarkdownPostmortem> byId = new HashMap<>();
      for (MarkdownPostmortem postmortem : postmortems) {
        MemoryDocument document = postmortem.document(now);
        float[] vector = embedder.embed(document.title() + "\n" + document.text());
        embedded.upsert(document, vector);
        chromaIndex.upsert(document, vector);
        byId.put(document.id(), postmortem);
      }
      double indexSeconds = (System.nanoTime() - started) / 1e9;
      KeywordIndex keywords = new KeywordIndex(store.memory());
      System.out.printf(
          Locale.ROOT,
          "corpus: %d postmortems, %d categories; indexed (embedded + Chroma) in %.1f s%n",
          postmortems.size(),
          postmortems.stream().flatMap(p -> p.categories().stream()).distinct().count(),
          indexSeconds);
      System.out.printf(
          Locale.ROOT,
          "random ranker P@5 (mean share of relevant documents): %.3f%n",
          random(postmortems));
      System.out.println();
      System.out.println("| ranking | P@5 | R@5 | MRR | nDCG@10 | p50 ms | p99 ms |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
      Map<String, IncidentRecall> rankings = new java.util.LinkedHashMap<>();
      rankings.put(
          "embeddings, embedded index",
          new IncidentRecall(
              embedder,
              embedded,
              Optional.empty(),
              keywords,
              store.memory(),
              IncidentRecall.Mode.VECTOR));
      rankings.put(
          "embeddings, Chroma",
          new IncidentRecall(
              embedder,
              chromaIndex,
              Optional.empty(),
              keywords,
              store.memory(),
              IncidentRecall.Mode.VECTOR));
      rankings.put(
          "BM25 (Lucene)",
          new IncidentRecall(
              embedder,
              embedded,
              Optional.empty(),
              keywords,
              store.memory(),
              IncidentRecall.Mode.KEYWORD));
      rankings.put(
          "hybrid (RRF), embedded index",
          new IncidentRecall(
              embedder,
              embedded,
              Optional.empty(),
              keywords,
              store.memory(),
              IncidentRecall.Mode.HYBRID));
      rankings.put(
          "hybrid (RRF), Chroma",
          new IncidentRecall(
              embedder,
              chromaIndex,
              Optional.empty(),
              keywords,
              store.memory(),
              IncidentRecall.Mode.HYBRID));
      for (Map.Entry<String, IncidentRecall> ranking : rankings.entrySet()) {
        measure(ranking.getKey(), ranking.getValue(), postmortems, byId);
      }
      keywords.close();
    }
  }

  private static void measure(
      String name,
      IncidentRecall recall,
      List<MarkdownPostmortem> postmortems,
      Map<String, MarkdownPostmortem> byId) {
    // One warm-up pass so that class loading and the model's first runs are not timed.
    for (MarkdownPostmortem query : postmortems.subList(0, Math.min(10, postmortems.size()))) {
      recall.search(
          query.summary(), 10, -1, VectorIndex.Filter.NONE.excluding("postmortem:" + query.name()));
    }
    double precision = 0;
    double recallSum = 0;
    double reciprocal = 0;
    double ndcg = 0;
    int queries = 0;
    List<Long> nanos = new ArrayList<>();
    for (MarkdownPostmortem query : postmortems) {
      Set<String> categories = new HashSet<>(query.categories());
      long relevantInCorpus =
          postmortems.stream()
              .filter(other -> other != query)
              .filter(other -> other.categories().stream().anyMatch(categories::contains))
              .count();
      if (relevantInCorpus == 0) {
        continue;
      }
      queries++;
      long started = System.nanoTime();
      List<IncidentRecall.Similar> found =
          recall.search(
              query.summary(),
              10,
              -1,
              VectorIndex.Filter.NONE.excluding("postmortem:" + query.name()));
      nanos.add(System.nanoTime() - started);
      int relevantAt5 = 0;
      double dcg = 0;
      boolean first = true;
      for (int rank = 0; rank < found.size(); rank++) {
        MarkdownPostmortem hit = byId.get(found.get(rank).document().id());
        boolean relevant = hit.categories().stream().anyMatch(categories::contains);
        if (relevant) {
          if (rank < K) {
            relevantAt5++;
          }
          if (first) {
            reciprocal += 1.0 / (rank + 1);
            first = false;
          }
          dcg += 1 / (Math.log(rank + 2) / Math.log(2));
        }
      }
      double ideal = 0;
      for (int rank = 0; rank < Math.min(10, relevantInCorpus); rank++) {
        ideal += 1 / (Math.log(rank + 2) / Math.log(2));
      }
      precision += relevantAt5 / (double) K;
      recallSum += relevantAt5 / (double) relevantInCorpus;
      ndcg += dcg / ideal;
    }
    nanos.sort(Long::compare);
    System.out.printf(
        Locale.ROOT,
        "| %s | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |%n",
        name,
        precision / queries,
        recallSum / queries,
        reciprocal / queries,
        ndcg / queries,
        nanos.get(nanos.size() / 2) / 1e6,
        nanos.get((int) Math.min(nanos.size() - 1, Math.ceil(nanos.size() * 0.99) - 1)) / 1e6);
  }

  /** The expected P@5 of a ranker that orders the corpus at random. */
  private static double random(List<MarkdownPostmortem> postmortems) {
    double sum = 0;
    for (MarkdownPostmortem query : postmortems) {
      Set<String> categories = new HashSet<>(query.categories());
      long relevant =
          postmortems.stream()
              .filter(other -> other != query)
              .filter(other -> other.categories().stream().anyMatch(categories::contains))
              .count();
      sum += relevant / (double) (postmortems.size() - 1);
    }
    return sum / postmortems.size();
  }

  private RecallBenchmark() {}
}
