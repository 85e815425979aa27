package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.gateway.replay.Bundle;
import dev.firebreak.gateway.replay.BundleCodec;
import dev.firebreak.gateway.replay.ReplayReport;
import dev.firebreak.gateway.replay.Replayer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bundle shipped in {@code examples/} replays offline to the evidence it recorded. */
class ExamplesTest {

  @TempDir Path directory;

  @Test
  void examples_replayToTheRecordedEvidence() throws Exception {
    Path examples = Path.of("").toAbsolutePath().getParent().resolve("examples");
    List<Path> bundles;
    try (Stream<Path> files = Files.list(examples)) {
      bundles = files.filter(file -> file.toString().endsWith(".bundle.json")).sorted().toList();
    }
    assertThat(bundles).hasSizeGreaterThanOrEqualTo(3);
    for (Path file : bundles) {
      Bundle bundle;
      try (InputStream in = Files.newInputStream(file)) {
        bundle = BundleCodec.read(in);
      }
      Replayer.Result result =
          Replayer.run(bundle, directory.resolve(file.getFileName().toString()));
      assertThat(result.incidents()).as(file.toString()).hasSize(1);
      Evidence replayed = result.evidence().values().iterator().next().orElseThrow();
      assertThat(replayed.metrics())
          .as(file.toString())
          .isNotEmpty()
          .isEqualTo(bundle.evidence().metrics());
      assertThat(replayed.traces()).isEqualTo(bundle.evidence().traces());
      StringWriter printed = new StringWriter();
      ReplayReport.print(result, new PrintWriter(printed));
      assertThat(printed.toString()).as(file.toString()).contains("Same evidence as recorded: yes");
    }
  }
}
