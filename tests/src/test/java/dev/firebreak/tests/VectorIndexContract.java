package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.VectorIndex;
import dev.firebreak.analysis.port.VectorIndex.Filter;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every vector index does; run on the embedded index and on a real Chroma server. */
abstract class VectorIndexContract {

  static final int DIMENSION = 384;
  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path directory;
  JdbcIncidentStore store;

  /** A new index over what was stored before (the same store, the same server). */
  abstract VectorIndex index();

  /** Stops and starts whatever holds the index, as a crash or a restart would. */
  abstract VectorIndex restarted() throws Exception;

  @BeforeEach
  void openStore() {
    store = JdbcIncidentStore.open("jdbc:sqlite:" + directory.resolve("store.db"), 2);
    store.migrate();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void nearest_ranksByCosineSimilarityMostSimilarFirst() {
    VectorIndex index = index();
    float[] query = unit(1);
    index.upsert(document("incident:1", "checkout", "bad_deploy", T0), query);
    index.upsert(document("incident:2", "checkout", "memory_leak", T0), mix(query, unit(2), 0.8));
    index.upsert(document("incident:3", "payments", "disk_full", T0), mix(query, unit(3), 0.4));
    index.upsert(document("incident:4", "payments", "disk_full", T0), unit(4));

    List<VectorIndex.Match> found = index.nearest(query, 3, Filter.NONE);

    assertThat(found)
        .extracting(match -> match.document().id())
        .containsExactly("incident:1", "incident:2", "incident:3");
    assertThat(found.get(0).similarity()).isCloseTo(1.0, within(1e-3));
    assertThat(found.get(1).similarity()).isGreaterThan(found.get(2).similarity());
    assertThat(found.get(1).document().cause()).isEqualTo("memory_leak");
    assertThat(found.get(1).document().service()).isEqualTo("checkout");
    assertThat(found.get(1).document().openedAt()).isEqualTo(T0);
  }

  @Test
  void upsert_replacesTheDocumentOfAnId() {
    VectorIndex index = index();
    index.upsert(document("incident:1", "checkout", "", T0), unit(1));
    MemoryDocument resolved =
        new MemoryDocument(
            "incident:1",
            1L,
            "title 1",
            "text",
            "checkout",
            "bad_deploy",
            "rolled back",
            true,
            T0,
            T0.plusSeconds(60),
            "/api/incidents/1/postmortem");
    index.upsert(resolved, unit(2));

    List<VectorIndex.Match> found = index.nearest(unit(2), 5, Filter.NONE);

    assertThat(found).hasSize(1);
    assertThat(found.get(0).similarity()).isCloseTo(1.0, within(1e-3));
    assertThat(found.get(0).document().resolution()).isEqualTo("rolled back");
    assertThat(found.get(0).document().resolved()).isTrue();
    assertThat(found.get(0).document().postmortem()).isEqualTo("/api/incidents/1/postmortem");
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void filters_byServiceCauseTimeAndExcludedId() {
    VectorIndex index = index();
    float[] query = unit(7);
    index.upsert(document("incident:1", "checkout", "bad_deploy", T0), query);
    index.upsert(document("incident:2", "payments", "bad_deploy", T0.plusSeconds(3600)), query);
    index.upsert(document("incident:3", "payments", "disk_full", T0.plusSeconds(7200)), query);

    assertThat(ids(index.nearest(query, 5, new Filter("payments", null, null, null, null))))
        .containsExactlyInAnyOrder("incident:2", "incident:3");
    assertThat(ids(index.nearest(query, 5, new Filter(null, "bad_deploy", null, null, null))))
        .containsExactlyInAnyOrder("incident:1", "incident:2");
    assertThat(
            ids(
                index.nearest(
                    query,
                    5,
                    new Filter(null, null, T0.plusSeconds(1), T0.plusSeconds(7200), null))))
        .containsExactly("incident:2");
    assertThat(ids(index.nearest(query, 5, Filter.NONE.excluding("incident:1"))))
        .containsExactlyInAnyOrder("incident:2", "incident:3");
    assertThat(index.nearest(query, 1, Filter.NONE.excluding("incident:1"))).hasSize(1);
  }

  @Test
  void acknowledgedDocuments_surviveARestart() throws Exception {
    VectorIndex index = index();
    for (int i = 1; i <= 20; i++) {
      index.upsert(
          document("incident:" + i, "svc-" + (i % 3), "", T0.plusSeconds(i)), unit(100 + i));
    }

    VectorIndex after = restarted();

    assertThat(after.size()).isEqualTo(20);
    for (int i = 1; i <= 20; i++) {
      List<VectorIndex.Match> found = after.nearest(unit(100 + i), 1, Filter.NONE);
      assertThat(ids(found)).containsExactly("incident:" + i);
    }
  }

  static List<String> ids(List<VectorIndex.Match> matches) {
    return matches.stream().map(match -> match.document().id()).toList();
  }

  static MemoryDocument document(String id, String service, String cause, Instant openedAt) {
    long incident = Long.parseLong(id.substring(id.indexOf(':') + 1));
    return new MemoryDocument(
        id,
        incident,
        "title " + incident,
        "text of " + id,
        service,
        cause,
        "",
        false,
        openedAt,
        openedAt,
        "");
  }

  /** A random unit vector, the same for the same seed. */
  static float[] unit(long seed) {
    Random random = new Random(seed);
    float[] vector = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    return normalize(vector);
  }

  /** {@code weight} of {@code a} and the rest of {@code b}, normalised. */
  static float[] mix(float[] a, float[] b, double weight) {
    float[] mixed = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      mixed[i] = (float) (weight * a[i] + (1 - weight) * b[i]);
    }
    return normalize(mixed);
  }

  private static float[] normalize(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += value * value;
    }
    float scale = (float) (1 / Math.sqrt(sum));
    for (int i = 0; i < vector.length; i++) {
      vector[i] *= scale;
    }
    return vector;
  }
}
