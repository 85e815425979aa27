package dev.firebreak.learning.outcome;

import dev.firebreak.analysis.diagnose.Experience;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.port.FeedbackStore;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.learning.recall.IncidentRecall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Experience from feedback and memory: a cause people keep correcting loses confidence, and a
 * cause that near-identical resolved incidents had gains some, each change stated in the
 * hypothesis' explanation. Only hypotheses the evidence produced are touched.
 */
public final class LearnedExperience implements Experience {

  private static final Logger LOG = LoggerFactory.getLogger(LearnedExperience.class);

  /** Cosine similarity from which a past incident counts as near-identical. */
  static final double LOOKALIKE = 0.8;

  /**
   * How much of the remaining doubt a near-identical past incident removes, times its
   * similarity: a quarter at most, so that memory nudges and evidence decides.
   */
  static final double PRIOR_WEIGHT = 0.25;

  private final FeedbackStore feedback;
  private final Optional<IncidentRecall> recall;

  public LearnedExperience(FeedbackStore feedback, Optional<IncidentRecall> recall) {
    this.feedback = feedback;
    this.recall = recall;
  }

  @Override
  public Diagnosis apply(Incident incident, Diagnosis diagnosis) {
    try {
      OutcomeStats stats =
          OutcomeStats.of(
              feedback.latestPerIncident().stream()
                  .filter(entry -> entry.incidentId() != incident.id())
                  .toList());
      List<IncidentRecall.Similar> lookalikes = lookalikes(incident);
      List<Hypothesis> hypotheses = new ArrayList<>();
      for (Hypothesis hypothesis : diagnosis.hypotheses()) {
        hypotheses.add(reweigh(hypothesis, stats, lookalikes));
      }
      hypotheses.sort(Comparator.comparingDouble(Hypothesis::confidence).reversed());
      return new Diagnosis(
          diagnosis.incidentId(),
          diagnosis.run(),
          diagnosis.createdAt(),
          diagnosis.method(),
          diagnosis.anomalies(),
          diagnosis.logPatterns(),
          diagnosis.traces(),
          hypotheses,
          diagnosis.severity(),
          diagnosis.notes(),
          diagnosis.services());
    } catch (RuntimeException e) {
      // The evidence's diagnosis stands on its own; experience only adjusts it.
      LOG.warn("incident {}: experience not applied: {}", incident.id(), e.toString());
      return diagnosis;
    }
  }

  private Hypothesis reweigh(
      Hypothesis hypothesis, OutcomeStats stats, List<IncidentRecall.Similar> lookalikes) {
    if (hypothesis.cause() == RootCause.UNKNOWN) {
      return hypothesis;
    }
    double confidence = hypothesis.confidence();
    StringBuilder why = new StringBuilder(hypothesis.explanation());
    double factor = stats.factor(hypothesis.cause());
    if (factor < 1) {
      OutcomeStats.CauseRecord record = stats.causes().get(hypothesis.cause());
      double lowered = confidence * factor;
      why.append(
          String.format(
              Locale.ROOT,
              "; lowered from %d%% to %d%%: people corrected this cause in %d of %d incidents",
              Math.round(confidence * 100),
              Math.round(lowered * 100),
              record.corrected(),
              record.corrected() + record.confirmed()));
      if (!record.correctedTo().isEmpty()) {
        why.append(" (it was ")
            .append(
                record.correctedTo().entrySet().stream()
                    .map(entry -> entry.getKey().description() + " " + entry.getValue())
                    .collect(Collectors.joining(", ")))
            .append(")");
      }
      confidence = lowered;
    }
    Optional<IncidentRecall.Similar> match =
        lookalikes.stream()
            .filter(similar -> similar.document().cause().equals(hypothesis.cause().wireName()))
            .findFirst();
    if (match.isPresent()) {
      double raised = 1 - (1 - confidence) * (1 - PRIOR_WEIGHT * match.get().similarity());
      MemoryDocument past = match.get().document();
      why.append(
          String.format(
              Locale.ROOT,
              "; raised from %d%% to %d%%: %s (%d%% similar) had this cause%s",
              Math.round(confidence * 100),
              Math.round(raised * 100),
              past.incidentId() == null
                  ? "postmortem " + past.postmortem()
                  : "past incident " + past.incidentId(),
              Math.round(match.get().similarity() * 100),
              past.resolution().isEmpty() ? "" : " and was resolved: " + past.resolution()));
      confidence = raised;
    }
    if (confidence == hypothesis.confidence()) {
      return hypothesis;
    }
    return new Hypothesis(
        hypothesis.cause(),
        hypothesis.service(),
        Math.max(0, Math.min(1, confidence)),
        why.toString(),
        hypothesis.evidenceIds());
  }

  /** Resolved past incidents nearly identical to this one whose cause is known, best first. */
  private List<IncidentRecall.Similar> lookalikes(Incident incident) {
    if (recall.isEmpty()) {
      return List.of();
    }
    return recall
        .get()
        .similarTo(MemoryDocument.incidentId(incident.id()), 5, LOOKALIKE, VectorIndex.Filter.NONE)
        .orElse(List.of())
        .stream()
        .filter(similar -> similar.document().resolved() && !similar.document().cause().isEmpty())
        .toList();
  }
}
