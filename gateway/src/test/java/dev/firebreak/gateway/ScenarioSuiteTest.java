package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.gateway.replay.Bundle;
import dev.firebreak.gateway.replay.BundleCodec;
import dev.firebreak.gateway.replay.Replayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario suite as a regression test: every incident recorded from real runs in
 * {@code examples/scenarios/} (one per kind of root cause, named after it) replays to the
 * evidence it recorded, its known cause is among the top three hypotheses, and at least 85%
 * rank it first. {@code scripts/bench-scenarios.sh} prints the table.
 */
class ScenarioSuiteTest {

  @TempDir Path directory;

  /** The recorded bundles directly in {@code folder} of the repository, by name. */
  private static List<Path> bundles(String folder) throws IOException {
    Path dir = Path.of("").toAbsolutePath().getParent().resolve(folder);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".bundle.json")).sorted().toList();
    }
  }

  private static Bundle read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return BundleCodec.read(in);
    }
  }

  @Test
  void scenarios_areDiagnosedAsTheirKnownCause() throws Exception {
    List<Path> bundles = bundles("examples/scenarios");
    assertThat(bundles).hasSizeGreaterThanOrEqualTo(8);
    int first = 0;
    for (Path file : bundles) {
      String expected = file.getFileName().toString().replace(".bundle.json", "");
      Bundle bundle = read(file);
      Replayer.Result result = Replayer.run(bundle, directory.resolve(expected));
      Evidence replayed = result.evidence().values().iterator().next().orElseThrow();
      assertThat(replayed.metrics()).as(expected).isEqualTo(bundle.evidence().metrics());
      Diagnosis diagnosis = result.diagnoses().values().iterator().next().orElseThrow();
      List<String> top3 =
          diagnosis.hypotheses().stream().limit(3).map(h -> h.cause().wireName()).toList();
      assertThat(top3).as(expected + ": " + diagnosis.hypotheses()).contains(expected);
      Hypothesis top = diagnosis.hypotheses().get(0);
      if (top.cause().wireName().equals(expected)) {
        first++;
      }
    }
    assertThat(first / (double) bundles.size()).as("top-1 accuracy").isGreaterThanOrEqualTo(0.85);
  }

  /**
   * The three-service topology ({@code examples/scenarios/topology/SERVICE.CAUSE.bundle.json}):
   * a fault injected in one of frontend, checkout and payments, the incident recorded on
   * frontend. The culprit must be among the top three services and the cause among the top
   * three hypotheses every time, and first in at least 90% of them.
   */
  @Test
  void topology_namesTheCulpritServiceAndItsCause() throws Exception {
    List<Path> bundles = bundles("examples/scenarios/topology");
    assertThat(bundles).hasSizeGreaterThanOrEqualTo(8);
    int culprits = 0;
    int causes = 0;
    for (Path file : bundles) {
      String[] name = file.getFileName().toString().replace(".bundle.json", "").split("\\.");
      Bundle bundle = read(file);
      assertThat(bundle.incident().service()).isEqualTo("frontend");
      Replayer.Result result = Replayer.run(bundle, directory.resolve(name[0] + "-" + name[1]));
      Evidence replayed = result.evidence().values().iterator().next().orElseThrow();
      assertThat(replayed.metrics()).as(file.toString()).isEqualTo(bundle.evidence().metrics());
      Diagnosis diagnosis = result.diagnoses().values().iterator().next().orElseThrow();
      List<String> services = diagnosis.services().stream().map(s -> s.service()).limit(3).toList();
      List<String> top3 =
          diagnosis.hypotheses().stream().limit(3).map(h -> h.cause().wireName()).toList();
      assertThat(services).as(file + ": " + diagnosis.services()).contains(name[0]);
      assertThat(top3).as(file + ": " + diagnosis.hypotheses()).contains(name[1]);
      culprits += services.get(0).equals(name[0]) ? 1 : 0;
      causes += top3.get(0).equals(name[1]) ? 1 : 0;
    }
    assertThat(culprits / (double) bundles.size()).as("culprit top-1").isGreaterThanOrEqualTo(0.9);
    assertThat(causes / (double) bundles.size()).as("cause top-1").isGreaterThanOrEqualTo(0.9);
  }
}
