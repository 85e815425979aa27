package dev.firebreak.learning.recall;

import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.IncidentChange;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.learning.embed.Embedder;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keeps the memory of incidents current: embeds an incident's document and writes it to every
 * vector index and the keyword index. Indexing again from an unchanged record writes the same
 * document, so the event consumer that calls it may see an event twice.
 */
public final class MemoryIndexer {

  /** Past incidents attached to a new one at most. */
  static final int ATTACHED = 3;

  private final IncidentStore store;
  private final Embedder embedder;
  private final List<VectorIndex> indexes;
  private final KeywordIndex keywords;
  private final IncidentRecall recall;
  private final double minSimilarity;
  private final Clock clock;

  /** @param indexes every index a document goes to; the first must not fail for the rest to run */
  public MemoryIndexer(
      IncidentStore store,
      Embedder embedder,
      List<VectorIndex> indexes,
      KeywordIndex keywords,
      IncidentRecall recall,
      double minSimilarity,
      Clock clock) {
    this.store = store;
    this.embedder = embedder;
    this.indexes = List.copyOf(indexes);
    this.keywords = keywords;
    this.recall = recall;
    this.minSimilarity = minSimilarity;
    this.clock = clock;
  }

  /** Indexes the incident as its record stands; false when there is no such incident. */
  public boolean index(long incidentId) {
    Optional<IncidentDetail> detail = store.incidents().detail(incidentId);
    if (detail.isEmpty()) {
      return false;
    }
    MemoryDocument document =
        IncidentDocuments.of(
            detail.get(),
            store.investigations().latestDiagnosis(incidentId),
            store.postmortems().latest(incidentId),
            latest(store.feedback().of(incidentId)));
    index(document);
    return true;
  }

  private static <T> Optional<T> latest(List<T> entries) {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
  }

  /** Embeds and stores a document (an incident's or an imported postmortem's). */
  public void index(MemoryDocument document) {
    float[] vector = embedder.embed(document.title() + "\n" + document.text());
    for (VectorIndex index : indexes) {
      index.upsert(document, vector);
    }
    keywords.upsert(document);
  }

  /**
   * Attaches the past incidents most like a newly opened one to its timeline. Nothing is written
   * when none is similar enough, or when they were attached already.
   */
  public void attachSimilar(long incidentId) {
    String id = MemoryDocument.incidentId(incidentId);
    List<IncidentRecall.Similar> similar =
        recall.similarTo(id, ATTACHED, minSimilarity, VectorIndex.Filter.NONE).orElse(List.of());
    if (similar.isEmpty()) {
      return;
    }
    Optional<IncidentDetail> detail = store.incidents().detail(incidentId);
    if (detail.isEmpty()
        || detail.get().timeline().stream()
            .anyMatch(entry -> entry.kind() == TimelineKind.SIMILAR)) {
      return;
    }
    String message =
        "similar past incidents: "
            + similar.stream().map(MemoryIndexer::describe).collect(Collectors.joining("; "));
    store
        .incidents()
        .update(
            incidentId,
            incident ->
                new IncidentChange(
                    incident,
                    new TimelineEntry(clock.instant(), TimelineKind.SIMILAR, message, null)));
  }

  private static String describe(IncidentRecall.Similar similar) {
    MemoryDocument document = similar.document();
    String name =
        document.incidentId() == null
            ? "postmortem " + document.postmortem()
            : "incident " + document.incidentId();
    return String.format(
            Locale.ROOT,
            "%s \"%s\" (%d%% similar",
            name,
            document.title(),
            Math.round(Math.max(0, similar.similarity()) * 100))
        + (document.cause().isEmpty() ? "" : ", cause " + document.cause())
        + (document.resolution().isEmpty() ? "" : ", resolved: " + document.resolution())
        + ")";
  }
}
