package dev.firebreak.learning.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Feedback;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.FeedbackStore;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.learning.embed.Embedder;
import dev.firebreak.learning.recall.EmbeddedVectorIndex;
import dev.firebreak.learning.recall.IncidentRecall;
import dev.firebreak.learning.recall.KeywordIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Feedback changes what later diagnoses trust and which fix comes first, as stated. */
class LearnedExperienceTest {

  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void aCausePeopleKeepCorrecting_losesConfidenceAndTheExplanationSaysWhy() {
    Feedbacks feedback = new Feedbacks();
    Incident incident = incident();
    Diagnosis diagnosis = diagnosis(incident.id(), 0.62, 0.55);
    LearnedExperience experience = new LearnedExperience(feedback, Optional.empty());

    Diagnosis before = experience.apply(incident, diagnosis);
    assertThat(before.hypotheses())
        .extracting(Hypothesis::cause)
        .containsExactly(RootCause.TRAFFIC_SURGE, RootCause.DEPENDENCY_DOWN);
    assertThat(before.hypotheses().get(0).confidence()).isEqualTo(0.62);

    for (long id = 1; id <= 3; id++) {
      feedback.save(
          new Feedback(
              id, AT, "carol", RootCause.TRAFFIC_SURGE, false, RootCause.DEPENDENCY_DOWN, "", ""));
    }
    Diagnosis after = experience.apply(incident, diagnosis);

    // Trust (0 + 1) / (3 + 2) = 0.2, factor 0.4: 0.62 becomes 0.248, below dependency down.
    assertThat(after.hypotheses())
        .extracting(Hypothesis::cause)
        .containsExactly(RootCause.DEPENDENCY_DOWN, RootCause.TRAFFIC_SURGE);
    Hypothesis surge = after.hypotheses().get(1);
    assertThat(surge.confidence()).isCloseTo(0.248, within(1e-9));
    assertThat(surge.explanation())
        .endsWith(
            "; lowered from 62% to 25%: people corrected this cause in 3 of 3 incidents"
                + " (it was dependency down 3)");
    assertThat(surge.evidenceIds()).containsExactly("metric:1");
    assertThat(after.hypotheses().get(0).confidence()).isEqualTo(0.55);

    feedback.save(new Feedback(4, AT, "dan", RootCause.TRAFFIC_SURGE, true, null, "scale up", ""));
    feedback.save(new Feedback(5, AT, "dan", RootCause.TRAFFIC_SURGE, true, null, "scale up", ""));
    feedback.save(new Feedback(6, AT, "dan", RootCause.TRAFFIC_SURGE, true, null, "scale up", ""));
    // Confirmed as often as corrected: trust 4/8, factor 1, the rules' confidence again.
    assertThat(experience.apply(incident, diagnosis).hypotheses().get(0).confidence())
        .isEqualTo(0.62);
  }

  @Test
  void aCauseNearIdenticalResolvedIncidentsHad_gainsSomeConfidenceCitingThem() {
    Memories memory = new Memories();
    float[] alike = new float[384];
    alike[0] = 1;
    float[] other = new float[384];
    other[1] = 1;
    memory.put(document(7, "memory_leak", "rolled back to 2.2", true), "test", alike);
    memory.put(document(8, "traffic_surge", "scaled up", true), "test", other);
    memory.put(document(42, "", "", false), "test", alike);
    Embedder embedder =
        new Embedder() {
          @Override
          public String model() {
            return "test";
          }

          @Override
          public int dimension() {
            return 384;
          }

          @Override
          public float[] embed(String text) {
            return alike;
          }
        };
    IncidentRecall recall =
        new IncidentRecall(
            embedder,
            new EmbeddedVectorIndex(memory, "test", 384),
            Optional.empty(),
            new KeywordIndex(memory),
            memory,
            IncidentRecall.Mode.HYBRID);
    Incident incident = incident();
    Diagnosis diagnosis =
        new Diagnosis(
            42,
            1,
            AT,
            "rules",
            List.of(),
            List.of(),
            List.of(),
            List.of(
                new Hypothesis(
                    RootCause.TRAFFIC_SURGE,
                    "checkout",
                    0.55,
                    "requests rose 3x",
                    List.of("metric:2")),
                new Hypothesis(
                    RootCause.MEMORY_LEAK, "checkout", 0.5, "memory grew", List.of("metric:1"))),
            Severity.HIGH,
            List.of());

    Diagnosis after =
        new LearnedExperience(new Feedbacks(), Optional.of(recall)).apply(incident, diagnosis);

    // 1 - (1 - 0.5)(1 - 0.25 x 1.0) = 0.625: ahead of the surge, which no look-alike had.
    assertThat(after.hypotheses())
        .extracting(Hypothesis::cause)
        .containsExactly(RootCause.MEMORY_LEAK, RootCause.TRAFFIC_SURGE);
    assertThat(after.hypotheses().get(0).confidence()).isCloseTo(0.625, within(1e-3));
    assertThat(after.hypotheses().get(0).explanation())
        .isEqualTo(
            "memory grew; raised from 50% to 63%: past incident 7 (100% similar) had this cause and"
                + " was resolved: rolled back to 2.2");
    assertThat(after.hypotheses().get(0).evidenceIds()).containsExactly("metric:1");
    assertThat(after.hypotheses().get(1).confidence()).isEqualTo(0.55);
  }

  private static Incident incident() {
    return new Incident(
        42,
        "Checkout slow",
        IncidentStatus.OPEN,
        Severity.HIGH,
        "checkout",
        Map.of("service", "checkout"),
        Set.of(Source.ALERTMANAGER),
        AT,
        AT,
        AT,
        null,
        null,
        1);
  }

  private static MemoryDocument document(
      long id, String cause, String resolution, boolean resolved) {
    return new MemoryDocument(
        MemoryDocument.incidentId(id),
        id,
        "checkout slow " + id,
        "checkout latency",
        "checkout",
        cause,
        resolution,
        resolved,
        AT,
        AT,
        "");
  }

  /** Incident memory in a map. */
  private static final class Memories implements IncidentMemory {
    private final Map<String, Remembered> documents = new java.util.TreeMap<>();

    @Override
    public void put(MemoryDocument document, String model, float[] vector) {
      documents.put(document.id(), new Remembered(document, model, vector));
    }

    @Override
    public Optional<Remembered> get(String id) {
      return Optional.ofNullable(documents.get(id));
    }

    @Override
    public void forEach(java.util.function.Consumer<Remembered> sink) {
      documents.values().forEach(sink);
    }

    @Override
    public long count() {
      return documents.size();
    }
  }

  @Test
  void fixesAreOrderedBySuccessWithAPrior() {
    List<Feedback> latest = new ArrayList<>();
    latest.add(new Feedback(1, AT, "", RootCause.BAD_DEPLOY, true, null, "rollout undo", ""));
    latest.add(new Feedback(2, AT, "", RootCause.BAD_DEPLOY, true, null, "Rollout undo ", ""));
    latest.add(new Feedback(3, AT, "", RootCause.BAD_DEPLOY, true, null, "restart", ""));
    latest.add(new Feedback(4, AT, "", null, null, RootCause.BAD_DEPLOY, "rollout undo", ""));
    OutcomeStats stats = OutcomeStats.of(latest);

    List<OutcomeStats.Fix> fixes = stats.fixes().get(RootCause.BAD_DEPLOY);
    assertThat(fixes)
        .extracting(OutcomeStats.Fix::action)
        .containsExactly("rollout undo", "restart");
    // (3 + 1) / (4 + 2) and (1 + 1) / (4 + 2): one restart does not look as good as it was.
    assertThat(fixes.get(0).share()).isCloseTo(4.0 / 6, within(1e-9));
    assertThat(fixes.get(1).share()).isCloseTo(2.0 / 6, within(1e-9));
    assertThat(stats.causes().get(RootCause.BAD_DEPLOY).confirmed()).isEqualTo(3);
    assertThat(stats.factor(RootCause.BAD_DEPLOY)).isEqualTo(1.0);
  }

  private static Diagnosis diagnosis(long incidentId, double surge, double dependency) {
    return new Diagnosis(
        incidentId,
        1,
        AT,
        "rules",
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new Hypothesis(
                RootCause.TRAFFIC_SURGE,
                "checkout",
                surge,
                "requests rose 3x",
                List.of("metric:1")),
            new Hypothesis(
                RootCause.DEPENDENCY_DOWN,
                "checkout",
                dependency,
                "payments calls fail",
                List.of("trace:1"))),
        Severity.HIGH,
        List.of());
  }

  /** Feedback kept in a list: the statistics, not the store, are under test here. */
  private static final class Feedbacks implements FeedbackStore {
    private final List<Feedback> entries = new ArrayList<>();

    @Override
    public void save(Feedback feedback) {
      entries.add(feedback);
    }

    @Override
    public List<Feedback> of(long incidentId) {
      return entries.stream().filter(entry -> entry.incidentId() == incidentId).toList();
    }

    @Override
    public List<Feedback> latestPerIncident() {
      java.util.Map<Long, Feedback> latest = new java.util.TreeMap<>();
      entries.forEach(entry -> latest.put(entry.incidentId(), entry));
      return List.copyOf(latest.values());
    }
  }
}
