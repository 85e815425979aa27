package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.analysis.model.Postmortem;
import dev.firebreak.analysis.port.StoreRejectedException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Postmortems: every version kept, the latest the highest, a version never written twice. */
abstract class PostmortemsContract extends StoreContract {

  private static Postmortem version(long incidentId, int version) {
    return new Postmortem(
        incidentId,
        version,
        Instant.parse("2026-11-21T11:00:00Z").plusSeconds(version),
        "# Postmortem v" + version,
        "postmortems/incident-" + incidentId + "-v" + version + ".md",
        "sha-" + version);
  }

  @Test
  void postmortems_keepEveryVersionInOrder() {
    long id = openIncident();
    store.postmortems().save(version(id, 1));
    store.postmortems().save(version(id, 2));

    assertThat(store.postmortems().versions(id)).containsExactly(version(id, 1), version(id, 2));
    assertThat(store.postmortems().latest(id)).contains(version(id, 2));
    assertThat(store.postmortems().latest(id + 1)).isEmpty();
    assertThat(store.postmortems().versions(id + 1)).isEmpty();
  }

  @Test
  void postmortems_aVersionIsWrittenOnce() {
    long id = openIncident();
    store.postmortems().save(version(id, 1));
    assertThatThrownBy(() -> store.postmortems().save(version(id, 1)))
        // Content refused, on every database: writing it again cannot succeed.
        .isInstanceOf(StoreRejectedException.class);
    assertThat(store.postmortems().versions(id)).containsExactly(version(id, 1));
  }
}
