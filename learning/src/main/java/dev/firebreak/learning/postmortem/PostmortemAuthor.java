package dev.firebreak.learning.postmortem;

import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentEvent;
import dev.firebreak.analysis.model.IncidentEventKind;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.Postmortem;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.IncidentChange;
import dev.firebreak.analysis.port.IncidentStore;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.learning.recall.IncidentRecall;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an incident's postmortem from its record, stores it as a new version and writes its
 * file, and records that in the timeline. Writing again from an unchanged record changes
 * nothing, so the event consumer that calls it may see an event twice.
 */
public final class PostmortemAuthor {

  private static final Logger LOG = LoggerFactory.getLogger(PostmortemAuthor.class);
  private static final int SIMILAR = 5;

  private final IncidentStore store;
  private final Optional<IncidentRecall> recall;
  private final Optional<PostmortemFiles> files;
  private final double minSimilarity;
  private final Clock clock;

  public PostmortemAuthor(
      IncidentStore store,
      Optional<IncidentRecall> recall,
      Optional<PostmortemFiles> files,
      double minSimilarity,
      Clock clock) {
    this.store = store;
    this.recall = recall;
    this.files = files;
    this.minSimilarity = minSimilarity;
    this.clock = clock;
  }

  /** Writes the postmortem of {@code incidentId} if its record changed; empty if no incident. */
  public Optional<Postmortem> write(long incidentId) {
    Optional<IncidentDetail> found = store.incidents().detail(incidentId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    IncidentDetail detail = withoutPostmortemEntries(found.get());
    long lastEvent =
        store.events().eventsOf(incidentId).stream()
            .filter(event -> event.kind() != IncidentEventKind.POSTMORTEM)
            .mapToLong(IncidentEvent::id)
            .max()
            .orElse(0);
    String markdown =
        PostmortemWriter.write(
            new PostmortemWriter.Record(
                detail,
                lastEvent,
                store.investigations().latestDiagnosis(incidentId),
                store.investigations().evidence(incidentId),
                similar(incidentId)));
    Optional<Postmortem> previous = store.postmortems().latest(incidentId);
    if (previous.isPresent() && previous.get().markdown().equals(markdown)) {
      return previous;
    }
    int version = previous.map(Postmortem::version).orElse(0) + 1;
    String file = "";
    if (files.isPresent()) {
      file = files.get().write(detail.incident(), version, markdown, previous);
    }
    Postmortem postmortem =
        new Postmortem(
            incidentId, version, clock.instant(), markdown, file, PostmortemFiles.sha256(markdown));
    store.postmortems().save(postmortem);
    String where = file.isEmpty() ? "kept in the store" : "written to " + file;
    store
        .incidents()
        .update(
            incidentId,
            incident ->
                new IncidentChange(
                    incident,
                    new TimelineEntry(
                        clock.instant(),
                        TimelineKind.POSTMORTEM,
                        "postmortem version " + version + " " + where,
                        null)));
    LOG.info("incident {}: postmortem version {} {}", incidentId, version, where);
    return Optional.of(postmortem);
  }

  private List<IncidentRecall.Similar> similar(long incidentId) {
    if (recall.isEmpty()) {
      return List.of();
    }
    try {
      return recall
          .get()
          .similarTo(
              MemoryDocument.incidentId(incidentId),
              SIMILAR,
              minSimilarity,
              VectorIndex.Filter.NONE)
          .orElse(List.of());
    } catch (RuntimeException e) {
      // A postmortem without look-alikes beats none; the next change writes it again.
      LOG.warn(
          "incident {}: similar incidents unavailable for the postmortem: {}",
          incidentId,
          e.toString());
      return List.of();
    }
  }

  /** The record minus the entries that say a postmortem was written, which would change it. */
  private static IncidentDetail withoutPostmortemEntries(IncidentDetail detail) {
    return new IncidentDetail(
        detail.incident(),
        detail.signals(),
        detail.timeline().stream()
            .filter(entry -> entry.kind() != TimelineKind.POSTMORTEM)
            .toList());
  }
}
