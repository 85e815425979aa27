package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules users load, on Prometheus's own rule evaluator ({@code promtool}): they parse,
 * and {@code prometheus/tests/services.test.yml} holds what they must and must not page on — a
 * process warming up, a healthy garbage-collected heap, a leak, a filling disk, an error blip.
 */
class PrometheusRulesIT {

  @Test
  void everyRuleFileParses() throws Exception {
    assertThat(
            run(
                List.of(
                    promtool(),
                    "check",
                    "rules",
                    "prometheus/rules/services.yml",
                    "prometheus/rules/firebreak.yml")))
        .contains("SUCCESS");
  }

  @Test
  void rulesPageOnWhatTheUnitTestsSayAndOnNothingElse() throws Exception {
    assertThat(run(List.of(promtool(), "test", "rules", "prometheus/tests/services.test.yml")))
        .contains("SUCCESS");
  }

  private static String promtool() {
    return Repository.binary("FIREBREAK_TEST_PROMTOOL", "/usr/bin/promtool");
  }

  /** Runs in the repository root; fails with the output unless the command exits 0. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Path root = Repository.root();
    Process process =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    String output;
    try (var out = process.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command + " ends").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
