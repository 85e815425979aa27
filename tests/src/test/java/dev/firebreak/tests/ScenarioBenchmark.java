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
    causes(bundles(dir));
    System.out.println();
    topology(bundles(dir.resolve("topology")));
  }

  private static List<Path> bundles(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".bundle.json")).sorted().toList();
    }
  }

  private static Diagnosis replay(Path file) throws Exception {
    Bundle bundle;
    try (InputStream in = Files.newInputStream(file)) {
      bundle = BundleCodec.read(in);
    }
    Replayer.Result result = Replayer.run(bundle, Files.createTempDirectory("scenario"));
    return result.diagnoses().values().iterator().next().orElseThrow();
  }

  /** One incident per kind of cause, named CAUSE.bundle.json. */
  private static void causes(List<Path> bundles) throws Exception {
    int top1 = 0;
    int top3 = 0;
    System.out.println("| scenario (known cause) | top hypothesis | confidence | in top 3 |");
    System.out.println("| --- | --- | --- | --- |");
    for (Path file : bundles) {
      String expected = file.getFileName().toString().replace(".bundle.json", "");
      List<Hypothesis> ranked = replay(file).hypotheses();
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
        "%ncause: top-1 %s, top-3 %s%n",
        share(top1, bundles.size()),
        share(top3, bundles.size()));
  }

  /**
   * The three-service topology, named SERVICE.CAUSE.bundle.json after the service the fault
   * was injected in; every incident is the one on frontend.
   */
  private static void topology(List<Path> bundles) throws Exception {
    int service1 = 0;
    int service3 = 0;
    int cause1 = 0;
    int cause3 = 0;
    int alerting = 0;
    System.out.println(
        "| fault (service, cause) | alert on | top service (score) | top cause (confidence) |"
            + " service in top 3 | cause in top 3 |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (Path file : bundles) {
      String[] name = file.getFileName().toString().replace(".bundle.json", "").split("\\.");
      String service = name[0];
      String cause = name[1];
      Diagnosis diagnosis = replay(file);
      List<String> services =
          diagnosis.services().stream()
              .map(dev.firebreak.analysis.model.SuspectService::service)
              .toList();
      List<String> causes = diagnosis.hypotheses().stream().map(h -> h.cause().wireName()).toList();
      boolean s1 = !services.isEmpty() && services.get(0).equals(service);
      boolean s3 = services.stream().limit(3).anyMatch(service::equals);
      boolean c1 = !causes.isEmpty() && causes.get(0).equals(cause);
      boolean c3 = causes.stream().limit(3).anyMatch(cause::equals);
      service1 += s1 ? 1 : 0;
      alerting += service.equals("frontend") ? 1 : 0;
      service3 += s3 ? 1 : 0;
      cause1 += c1 ? 1 : 0;
      cause3 += c3 ? 1 : 0;
      System.out.printf(
          Locale.ROOT,
          "| %s, %s | frontend | %s (%.2f) | %s (%.2f) | %s | %s |%n",
          service,
          cause,
          services.isEmpty() ? "(none)" : services.get(0),
          diagnosis.services().isEmpty() ? 0 : diagnosis.services().get(0).score(),
          causes.isEmpty() ? "(none)" : causes.get(0),
          diagnosis.hypotheses().isEmpty() ? 0 : diagnosis.hypotheses().get(0).confidence(),
          s3 ? "yes" : "no",
          c3 ? "yes" : "no");
      if (Boolean.getBoolean("firebreak.scenarios.verbose")) {
        diagnosis.services().forEach(s -> System.out.println("    " + s));
        diagnosis.hypotheses().forEach(h -> System.out.println("    " + h));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nculprit service: top-1 %s, top-3 %s (goal top-1 >= 90%%);"
            + " naming the alerting service: %s%n"
            + "cause: top-1 %s, top-3 %s (goal top-1 >= 90%%)%n",
        share(service1, bundles.size()),
        share(service3, bundles.size()),
        share(alerting, bundles.size()),
        share(cause1, bundles.size()),
        share(cause3, bundles.size()));
  }

  private static String share(int hits, int of) {
    return String.format(Locale.ROOT, "%d/%d = %.0f%%", hits, of, of == 0 ? 0 : 100.0 * hits / of);
  }
}
