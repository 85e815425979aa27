package dev.firebreak.tests;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.gateway.replay.Bundle;
import dev.firebreak.gateway.replay.BundleCodec;
import dev.firebreak.gateway.replay.Replayer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scenario suite: replays every bundle in {@code examples/scenarios/} (recorded from real
 * runs by {@link ScenarioRecorder}, named after their known cause) through the pipeline and
 * prints the diagnosis's top-1 and top-3 accuracy. Run by {@code scripts/bench-scenarios.sh}.
 */
public final class ScenarioBenchmark {

  private ScenarioBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Repository.root().resolve("examples/scenarios");
    List<Path> bundles;
    try (Stream<Path> files = Files.list(dir)) {
      bundles = files.filter(f -> f.toString().endsWith(".bundle.json")).sorted().toList();
    }
    int top1 = 0;
    int top3 = 0;
    System.out.println("| scenario (known cause) | top hypothesis | confidence | in top 3 |");
    System.out.println("| --- | --- | --- | --- |");
    for (Path file : bundles) {
      String expected = file.getFileName().toString().replace(".bundle.json", "");
      Bundle bundle;
      try (InputStream in = Files.newInputStream(file)) {
        bundle = BundleCodec.read(in);
      }
      Replayer.Result result = Replayer.run(bundle, Files.createTempDirectory("scenario"));
      Optional<Diagnosis> diagnosis = result.diagnoses().values().iterator().next();
      List<Hypothesis> ranked = diagnosis.map(Diagnosis::hypotheses).orElse(List.of());
      boolean first = !ranked.isEmpty() && ranked.get(0).cause().wireName().equals(expected);
      boolean inTop3 =
          ranked.stream().limit(3).anyMatch(h -> h.cause().wireName().equals(expected));
      top1 += first ? 1 : 0;
      top3 += inTop3 ? 1 : 0;
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.2f | %s |%n",
          expected,
          ranked.isEmpty() ? "(none)" : ranked.get(0).cause().wireName(),
          ranked.isEmpty() ? 0 : ranked.get(0).confidence(),
          inTop3 ? "yes" : "no");
    }
    System.out.printf(
        Locale.ROOT,
        "%ntop-1 accuracy %d/%d = %.0f%%, top-3 accuracy %d/%d =" + " %.0f%%%n",
        top1,
        bundles.size(),
        100.0 * top1 / bundles.size(),
        top3,
        bundles.size(),
        100.0 * top3 / bundles.size());
  }
}
