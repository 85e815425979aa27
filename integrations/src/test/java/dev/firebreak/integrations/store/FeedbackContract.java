package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static dev.firebreak.integrations.store.TestSignals.firing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Feedback;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.port.IncidentQuery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Feedback: kept in order with its timeline line and incident event in one transaction; the
 * latest per incident is what learning reads.
 */
abstract class FeedbackContract extends StoreContract {

  @Test
  void feedback_isKeptWithItsTimelineEntryAndEvent() {
    long id = openIncident();
    Feedback unsure = new Feedback(id, T0.plusSeconds(60), "", null, null, null, "", "");
    Feedback wrong =
        new Feedback(
            id,
            T0.plusSeconds(120),
            "carol",
            RootCause.TRAFFIC_SURGE,
            false,
            RootCause.BAD_DEPLOY,
            "rollback",
            "it was the 10:02 deploy");
    Feedback right =
        new Feedback(id, T0.plusSeconds(180), "dave", RootCause.BAD_DEPLOY, true, null, "", "");
    for (Feedback feedback : List.of(unsure, wrong, right)) {
      store.feedback().save(feedback);
    }

    assertThat(store.feedback().of(id)).containsExactly(unsure, wrong, right);
    assertThat(store.incidents().detail(id).orElseThrow().timeline())
        .filteredOn(entry -> entry.kind() == TimelineKind.FEEDBACK)
        .extracting(entry -> entry.message())
        .containsExactly(
            "feedback",
            "feedback from carol: the diagnosed cause (traffic surge) was wrong; the cause was"
                + " bad deploy or config change; fixed by rollback; it was the 10:02 deploy",
            "feedback from dave: the diagnosed cause (bad deploy or config change) was right");
    assertThat(eventsOf(id)).containsSubsequence("feedback", "feedback", "feedback");
  }

  @Test
  void feedback_latestPerIncidentIsOnePerIncident() {
    long first = openIncident();
    store
        .intake()
        .append(
            List.of(firing(Source.ALERTMANAGER, "g2", "a2", T0, Map.of("service", "payments"))),
            T0);
    correlateAll();
    long second =
        store.incidents().list(IncidentQuery.all(10)).items().stream()
            .filter(incident -> incident.service().equals("payments"))
            .findFirst()
            .orElseThrow()
            .id();
    Feedback earlier = new Feedback(first, T0, "a", null, null, RootCause.MEMORY_LEAK, "", "");
    Feedback later = new Feedback(first, T0.plusSeconds(9), "b", null, null, null, "", "x");
    Feedback other = new Feedback(second, T0, "c", RootCause.BAD_DEPLOY, true, null, "", "");
    store.feedback().save(earlier);
    store.feedback().save(later);
    store.feedback().save(other);

    assertThat(store.feedback().latestPerIncident()).containsExactly(later, other);
  }
}
