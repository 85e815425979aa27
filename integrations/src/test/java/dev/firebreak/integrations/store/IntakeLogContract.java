package dev.firebreak.integrations.store;

import static dev.firebreak.integrations.store.TestSignals.T0;
import static dev.firebreak.integrations.store.TestSignals.firing;
import static dev.firebreak.integrations.store.TestSignals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.RejectedDelivery;
import dev.firebreak.analysis.model.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The intake log: signals durable once, redeliveries ignored, refused deliveries counted, and the store's health. */
abstract class IntakeLogContract extends StoreContract {

  @Test
  void check_reportsHealthy() {
    assertThat(store.check().ok()).isTrue();
  }

  @Test
  void append_ignoresRedeliveredSignal() {
    var signal = firing(Source.ALERTMANAGER, "g1", "a1", T0, CHECKOUT);
    assertThat(store.intake().append(List.of(signal), T0)).containsExactly(true);
    assertThat(store.intake().append(List.of(signal, signal), T0)).containsExactly(false, false);
    assertThat(store.incidents().pendingSignalCount()).isEqualTo(1);
  }

  @Test
  void append_survivesReopen() throws Exception {
    store.intake().append(List.of(firing(Source.DATADOG, "c1", "m1", T0, CHECKOUT)), T0);
    store.close();
    store = reopen();
    assertThat(store.incidents().pendingSignalCount()).isEqualTo(1);
    correlateAll();
    Incident incident = only();
    IncidentDetail detail = store.incidents().detail(incident.id()).orElseThrow();
    assertThat(detail.signals())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signal().startsAt()).isEqualTo(T0);
              assertThat(s.signal().labels()).containsEntry("service", "checkout");
              assertThat(s.signal().links()).containsEntry("generatorURL", "http://prom/graph");
            });
  }

  @Test
  void recordRejected_keepsOneRowAndCountsRepeats() {
    var rejected = new RejectedDelivery(Source.ALERTMANAGER, "ab12", 400, "bad version", T0);
    store.intake().recordRejected(rejected);
    store.intake().recordRejected(rejected);
    store.intake().recordRejected(rejected);
    assertThat(store.intake().rejectedRepeats(Source.ALERTMANAGER, "ab12")).contains(2L);
    assertThat(store.intake().rejectedRepeats(Source.DATADOG, "ab12")).isEmpty();
  }
}
