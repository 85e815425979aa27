package dev.firebreak.analysis.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.AlertState;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoalescingCorrelationStateTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  /** Records what reaches the store; holds incidents as a store would. */
  private static final class RecordingState implements CorrelationState {
    final Map<Long, Incident> stored = new HashMap<>();
    final Map<String, Long> groups = new HashMap<>();
    final List<Incident> saves = new ArrayList<>();
    int groupReads;
    int activeQueries;

    @Override
    public Optional<Incident> latestIncidentForGroup(Source source, String groupKey) {
      groupReads++;
      return Optional.ofNullable(groups.get(groupKey)).map(stored::get);
    }

    @Override
    public List<Incident> activeIncidentsWithoutSource(Source source, Instant since) {
      activeQueries++;
      return stored.values().stream().filter(i -> i.status().isActive()).toList();
    }

    @Override
    public List<Incident> activeIncidentsOfService(String service, Instant since) {
      activeQueries++;
      return stored.values().stream()
          .filter(i -> i.status().isActive() && service.equals(i.service()))
          .toList();
    }

    @Override
    public Optional<AlertState> alert(long incidentId, Source source, String alertKey) {
      return Optional.empty();
    }

    @Override
    public boolean anyAlertFiring(long incidentId) {
      return true;
    }

    @Override
    public Incident createIncident(Incident draft) {
      Incident created =
          new Incident(
              stored.size() + 1,
              draft.title(),
              draft.status(),
              draft.severity(),
              draft.service(),
              draft.labels(),
              draft.sources(),
              draft.openedAt(),
              draft.updatedAt(),
              draft.lastSignalAt(),
              null,
              null,
              0);
      stored.put(created.id(), created);
      return created;
    }

    @Override
    public void saveIncident(Incident incident) {
      saves.add(incident);
      stored.put(incident.id(), incident);
    }

    @Override
    public void linkGroup(long incidentId, Source source, String groupKey) {
      groups.merge(groupKey, incidentId, Math::max);
    }

    @Override
    public void saveAlert(long incidentId, AlertState alert) {}

    @Override
    public void appendTimeline(long incidentId, TimelineEntry entry) {}

    @Override
    public Optional<TimelineEntry> takeOpening(long incidentId) {
      return Optional.empty();
    }

    @Override
    public void attachSignal(long signalId, long incidentId) {}

    @Override
    public void setAside(long signalId) {}

    @Override
    public void requestInvestigation(long incidentId, Instant at, boolean opened) {}
  }

  private static Incident draft() {
    return new Incident(
        0,
        "t",
        IncidentStatus.OPEN,
        Severity.WARNING,
        "checkout",
        Map.of(),
        EnumSet.of(Source.ALERTMANAGER),
        T0,
        T0,
        T0,
        null,
        null,
        0);
  }

  @Test
  void anIncidentChangedManyTimesInABatchIsWrittenOnceWithItsLastState() {
    RecordingState store = new RecordingState();
    CoalescingCorrelationState batch = new CoalescingCorrelationState(store);
    Incident created = batch.createIncident(draft());
    batch.linkGroup(created.id(), Source.ALERTMANAGER, "g");
    for (int i = 1; i <= 50; i++) {
      Incident current = batch.latestIncidentForGroup(Source.ALERTMANAGER, "g").orElseThrow();
      batch.saveIncident(
          new Incident(
              current.id(),
              current.title(),
              current.status(),
              current.severity(),
              current.service(),
              current.labels(),
              current.sources(),
              current.openedAt(),
              T0.plusSeconds(i),
              T0.plusSeconds(i),
              null,
              null,
              i));
    }
    assertThat(store.saves).isEmpty();
    assertThat(store.groupReads).as("the group is read from the store once").isEqualTo(1);

    batch.flush();

    assertThat(store.saves)
        .singleElement()
        .satisfies(
            saved -> {
              assertThat(saved.signalCount()).isEqualTo(50);
              assertThat(saved.updatedAt()).isEqualTo(T0.plusSeconds(50));
            });
  }

  @Test
  void crossSourceQueriesSeeTheBatchsChanges() {
    RecordingState store = new RecordingState();
    CoalescingCorrelationState batch = new CoalescingCorrelationState(store);
    Incident created = batch.createIncident(draft());
    batch.saveIncident(created.withStatus(IncidentStatus.RESOLVED, T0.plusSeconds(5)));

    assertThat(batch.activeIncidentsWithoutSource(Source.DATADOG, T0)).isEmpty();
    assertThat(store.saves).hasSize(1);
  }

  @Test
  void aGroupLinkedToANewerIncidentInTheBatchLeadsToIt() {
    RecordingState store = new RecordingState();
    CoalescingCorrelationState batch = new CoalescingCorrelationState(store);
    Incident first = batch.createIncident(draft());
    batch.linkGroup(first.id(), Source.ALERTMANAGER, "g");
    assertThat(batch.latestIncidentForGroup(Source.ALERTMANAGER, "g"))
        .get()
        .extracting(Incident::id)
        .isEqualTo(first.id());
    Incident second = batch.createIncident(draft());
    batch.linkGroup(second.id(), Source.ALERTMANAGER, "g");
    assertThat(batch.latestIncidentForGroup(Source.ALERTMANAGER, "g"))
        .get()
        .extracting(Incident::id)
        .isEqualTo(second.id());
  }
}
