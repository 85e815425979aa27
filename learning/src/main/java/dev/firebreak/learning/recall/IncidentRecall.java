package dev.firebreak.learning.recall;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.analysis.port.VectorIndex.Filter;
import dev.firebreak.learning.embed.Embedder;
import dev.firebreak.learning.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds past incidents like a text or like a remembered incident. In the default {@code hybrid}
 * mode the embedding neighbours and the BM25 keyword hits are fused by reciprocal rank (Cormack,
 * Clarke and Büttcher 2009, with their constant 60), so that a match either method is sure of
 * ranks high; a resolved incident whose fix is known moves one place ahead of an equal match
 * that is not. Each result carries its cosine similarity, on which a minimum applies.
 */
public final class IncidentRecall {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentRecall.class);

  /** Reciprocal-rank fusion's constant: damps the weight of the very first ranks. */
  static final int RRF_K = 60;

  /** Candidates taken from each method before fusing, at least. */
  private static final int MIN_CANDIDATES = 50;

  /** How results are ranked. */
  public enum Mode {
    HYBRID,
    VECTOR,
    KEYWORD;

    public static Mode parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** A past incident and how like the query it is. */
  public record Similar(MemoryDocument document, double similarity, double score) {}

  private final Embedder embedder;
  private final VectorIndex index;
  private final Optional<VectorIndex> fallback;
  private final KeywordIndex keywords;
  private final IncidentMemory memory;
  private final Mode mode;

  /**
   * @param index where neighbours are searched
   * @param fallback searched instead while {@code index} fails (the embedded index behind Chroma)
   */
  public IncidentRecall(
      Embedder embedder,
      VectorIndex index,
      Optional<VectorIndex> fallback,
      KeywordIndex keywords,
      IncidentMemory memory,
      Mode mode) {
    this.embedder = embedder;
    this.index = index;
    this.fallback = fallback;
    this.keywords = keywords;
    this.memory = memory;
    this.mode = mode;
  }

  public Mode mode() {
    return mode;
  }

  /** Past incidents like {@code text}. */
  public List<Similar> search(String text, int k, double minSimilarity, Filter filter) {
    return search(text, embedder.embed(text), k, minSimilarity, filter);
  }

  private List<Similar> search(
      String text, float[] query, int k, double minSimilarity, Filter filter) {
    int candidates = Math.max(MIN_CANDIDATES, 4 * k);
    Map<String, Integer> vectorRanks = new HashMap<>();
    Map<String, Integer> keywordRanks = new HashMap<>();
    Map<String, Similar> found = new LinkedHashMap<>();
    if (mode != Mode.KEYWORD) {
      List<VectorIndex.Match> near = nearest(query, candidates, filter);
      for (int rank = 0; rank < near.size(); rank++) {
        VectorIndex.Match match = near.get(rank);
        vectorRanks.put(match.document().id(), rank + 1);
        found.put(match.document().id(), new Similar(match.document(), match.similarity(), 0));
      }
    }
    if (mode != Mode.VECTOR) {
      List<KeywordIndex.Hit> hits = keywords.search(text, candidates, filter);
      for (int rank = 0; rank < hits.size(); rank++) {
        KeywordIndex.Hit hit = hits.get(rank);
        keywordRanks.put(hit.id(), rank + 1);
        if (!found.containsKey(hit.id())) {
          memory
              .get(hit.id())
              .ifPresent(
                  remembered ->
                      found.put(
                          hit.id(),
                          new Similar(
                              remembered.document(),
                              remembered.vector().length == query.length
                                  ? Vectors.dot(query, remembered.vector(), 0)
                                  : 0,
                              0)));
        }
      }
    }
    List<Similar> ranked = new ArrayList<>();
    for (Similar candidate : found.values()) {
      if (candidate.similarity() < minSimilarity) {
        continue;
      }
      String id = candidate.document().id();
      double score = fused(vectorRanks.get(id)) + fused(keywordRanks.get(id));
      if (candidate.document().resolvedWithKnownFix()) {
        score += fused(1) - fused(2);
      }
      ranked.add(new Similar(candidate.document(), candidate.similarity(), score));
    }
    ranked.sort(
        Comparator.comparingDouble(Similar::score)
            .reversed()
            .thenComparing(Comparator.comparingDouble(Similar::similarity).reversed()));
    return ranked.size() > k ? List.copyOf(ranked.subList(0, k)) : List.copyOf(ranked);
  }

  /** Past incidents like the remembered document {@code id}, leaving it out; empty if unknown. */
  public Optional<List<Similar>> similarTo(String id, int k, double minSimilarity, Filter filter) {
    return memory
        .get(id)
        .map(
            remembered ->
                search(
                    remembered.document().title() + "\n" + remembered.document().text(),
                    remembered.model().equals(embedder.model())
                        ? remembered.vector()
                        : embedder.embed(remembered.document().text()),
                    k,
                    minSimilarity,
                    filter.excluding(id)));
  }

  private List<VectorIndex.Match> nearest(float[] query, int candidates, Filter filter) {
    try {
      return index.nearest(query, candidates, filter);
    } catch (RuntimeException e) {
      if (fallback.isEmpty()) {
        throw e;
      }
      LOG.warn("vector index failed, searching the embedded copy instead: {}", e.toString());
      return fallback.get().nearest(query, candidates, filter);
    }
  }

  private static double fused(Integer rank) {
    return rank == null ? 0 : 1.0 / (RRF_K + rank);
  }
}
