package dev.firebreak.learning;

import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.analysis.work.EventFollower;
import dev.firebreak.learning.embed.Embedder;
import dev.firebreak.learning.postmortem.PostmortemAuthor;
import dev.firebreak.learning.postmortem.PostmortemFiles;
import dev.firebreak.learning.recall.EmbeddedVectorIndex;
import dev.firebreak.learning.recall.IncidentRecall;
import dev.firebreak.learning.recall.KeywordIndex;
import dev.firebreak.learning.recall.MemoryIndexer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident memory as two consumers of the incident event stream: {@code memory} indexes an
 * incident when it opens (and attaches its look-alikes) and again whenever it changes, and
 * {@code postmortem} writes the postmortem when it resolves and again when it changes after
 * that. Each keeps its own durable position, so an index or a directory that was unavailable
 * catches up from the events.
 */
public final class Memory implements AutoCloseable {

  /** The consumer names, stored with their positions. */
  public static final String INDEX_CONSUMER = "memory";

  public static final String POSTMORTEM_CONSUMER = "postmortem";

  private static final int BATCH = 100;

  /**
   * Events that do not change what is remembered of an incident, or not enough to embed it
   * again. A signal joining adds at most an alert name to the document; re-indexing on each one
   * read every signal of the incident per event batch, which under a storm into one incident
   * was quadratic work (28,000 signals read again and again, a core busy for minutes after the
   * storm). The next diagnosis, note, acknowledgement or resolution writes the document anew
   * with every alert.
   */
  private static final Set<IncidentEventKind> NOT_INDEXED =
      EnumSet.of(
          IncidentEventKind.SIGNAL,
          IncidentEventKind.SIMILAR,
          IncidentEventKind.TRUNCATED,
          IncidentEventKind.ESCALATED,
          IncidentEventKind.NOTIFICATION);

  /** Events after which an existing postmortem is not rewritten (they are its own doing). */
  private static final Set<IncidentEventKind> NOT_REWRITTEN =
      EnumSet.of(IncidentEventKind.POSTMORTEM, IncidentEventKind.SIMILAR);

  private static final Logger LOG = LoggerFactory.getLogger(Memory.class);

  private final IncidentStore store;
  private final Embedder embedder;
  private final EmbeddedVectorIndex embedded;
  private final Optional<VectorIndex> external;
  private final KeywordIndex keywords;
  private final IncidentRecall recall;
  private final MemoryIndexer indexer;
  private final PostmortemAuthor author;
  private final EventFollower indexing;
  private final EventFollower postmortems;

  /**
   * @param external a vector index outside the store (Chroma), searched first; the embedded one
   *     is searched while it fails
   * @param postmortemDirectory where postmortem files go, if anywhere
   */
  public Memory(
      IncidentStore store,
      Embedder embedder,
      Optional<VectorIndex> external,
      IncidentRecall.Mode mode,
      double minSimilarity,
      Optional<Path> postmortemDirectory,
      Clock clock) {
    this(store, embedder, external, mode, minSimilarity, postmortemDirectory, clock, () -> false);
  }

  /** @param intakeBusy whether webhooks are arriving now, so the consumers should step aside */
  public Memory(
      IncidentStore store,
      Embedder embedder,
      Optional<VectorIndex> external,
      IncidentRecall.Mode mode,
      double minSimilarity,
      Optional<Path> postmortemDirectory,
      Clock clock,
      java.util.function.BooleanSupplier intakeBusy) {
    this.store = store;
    this.embedder = embedder;
    this.embedded = new EmbeddedVectorIndex(store.memory(), embedder.model(), embedder.dimension());
    this.external = external;
    this.keywords = new KeywordIndex(store.memory());
    this.recall =
        new IncidentRecall(
            embedder,
            external.orElse(embedded),
            external.map(index -> (VectorIndex) embedded),
            keywords,
            store.memory(),
            mode);
    List<VectorIndex> indexes = new ArrayList<>();
    indexes.add(embedded);
    external.ifPresent(indexes::add);
    this.indexer =
        new MemoryIndexer(store, embedder, indexes, keywords, recall, minSimilarity, clock);
    this.author =
        new PostmortemAuthor(
            store,
            Optional.of(recall),
            postmortemDirectory.map(PostmortemFiles::new),
            minSimilarity,
            clock);
    this.indexing =
        new EventFollower(store.events(), INDEX_CONSUMER, BATCH, this::index, intakeBusy);
    this.postmortems =
        new EventFollower(
            store.events(), POSTMORTEM_CONSUMER, BATCH, this::writePostmortems, intakeBusy);
  }

  public IncidentRecall recall() {
    return recall;
  }

  public MemoryIndexer indexer() {
    return indexer;
  }

  public PostmortemAuthor postmortems() {
    return author;
  }

  /** The vector index recall searches first. */
  public VectorIndex index() {
    return external.orElse(embedded);
  }

  public EmbeddedVectorIndex embedded() {
    return embedded;
  }

  public List<EventFollower> followers() {
    return List.of(indexing, postmortems);
  }

  public void start(Thread.UncaughtExceptionHandler onDeath) {
    indexing.start(onDeath);
    postmortems.start(onDeath);
    // The model takes seconds to load; loading it now spares the first query and incident that.
    Thread warmUp =
        new Thread(
            () -> {
              try {
                embedder.embed("warm up");
              } catch (RuntimeException e) {
                LOG.warn("embedding model did not load: {}", e.toString());
              }
            },
            "firebreak-memory-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /** Tells the consumers that events may have been written. */
  public void wake() {
    indexing.wake();
    postmortems.wake();
  }

  private void index(List<IncidentEvent> events) {
    Set<Long> changed = new LinkedHashSet<>();
    Set<Long> opened = new LinkedHashSet<>();
    for (IncidentEvent event : events) {
      if (!NOT_INDEXED.contains(event.kind())) {
        changed.add(event.incidentId());
      }
      if (event.kind() == IncidentEventKind.OPENED) {
        opened.add(event.incidentId());
      }
    }
    for (long incidentId : changed) {
      indexer.index(incidentId);
    }
    for (long incidentId : opened) {
      indexer.attachSimilar(incidentId);
    }
  }

  private void writePostmortems(List<IncidentEvent> events) {
    Set<Long> due = new LinkedHashSet<>();
    for (IncidentEvent event : events) {
      if (event.kind() == IncidentEventKind.RESOLVED) {
        due.add(event.incidentId());
      } else if (!NOT_REWRITTEN.contains(event.kind())
          && store.postmortems().latest(event.incidentId()).isPresent()) {
        due.add(event.incidentId());
      }
    }
    for (long incidentId : due) {
      boolean resolved =
          store
              .incidents()
              .detail(incidentId)
              .map(detail -> detail.incident().status() == IncidentStatus.RESOLVED)
              .orElse(false);
      if (resolved) {
        author.write(incidentId);
      }
    }
  }

  @Override
  public void close() {
    indexing.close();
    postmortems.close();
    keywords.close();
    external.ifPresent(VectorIndex::close);
  }
}
