package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.MemoryDocument;
import java.time.Instant;
import java.util.List;

/**
 * Nearest-neighbour search over remembered incidents by cosine similarity of their embeddings.
 * Every implementation passes the same contract suite.
 */
public interface VectorIndex extends Component {

  /** Adds a document or replaces the one with its id. Durable when it returns. */
  void upsert(MemoryDocument document, float[] vector);

  /**
   * The {@code k} documents most similar to {@code query} that pass {@code filter}, most similar
   * first.
   */
  List<Match> nearest(float[] query, int k, Filter filter);

  /** How many documents it holds. */
  long size();

  /** A document and its cosine similarity to the query, in [-1, 1]. */
  record Match(MemoryDocument document, double similarity) {}

  /**
   * Which documents may match; a null or empty field does not filter.
   *
   * @param excludeId a document to leave out (the incident asking for its own look-alikes)
   */
  record Filter(
      String service, String cause, Instant openedFrom, Instant openedTo, String excludeId) {

    public static final Filter NONE = new Filter(null, null, null, null, null);

    public boolean accepts(MemoryDocument document) {
      return (service == null || service.isEmpty() || service.equals(document.service()))
          && (cause == null || cause.isEmpty() || cause.equals(document.cause()))
          && (openedFrom == null || !document.openedAt().isBefore(openedFrom))
          && (openedTo == null || document.openedAt().isBefore(openedTo))
          && (excludeId == null || !excludeId.equals(document.id()));
    }

    public Filter excluding(String id) {
      return new Filter(service, cause, openedFrom, openedTo, id);
    }
  }
}
