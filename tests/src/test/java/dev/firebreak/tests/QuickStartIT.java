package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, run as written: its code blocks are read from the README, each
 * command block is run with bash in the checkout, and the block that follows a command is what
 * it must print. Only what would touch the checkout or a fixed port is redirected: the store
 * and postmortems go to a temporary directory, the port is a free one (and {@code
 * localhost:8080} in the commands becomes it).
 */
class QuickStartIT {

  @TempDir Path directory;

  record Block(String text) {
    boolean isCommand() {
      return text.startsWith("./firebreak") || text.startsWith("curl");
    }
  }

  @Test
  void theQuickStartDoesWhatTheReadmeSays() throws Exception {
    List<Block> blocks = quickStartBlocks();
    assertThat(blocks.get(0).text()).isEqualTo("./firebreak serve");
    int port = Repository.freePort();
    Map<String, String> environment =
        Map.of(
            "FIREBREAK_PORT",
            Integer.toString(port),
            "FIREBREAK_DATABASE_URL",
            "jdbc:sqlite:" + directory.resolve("firebreak.db"),
            "FIREBREAK_POSTMORTEM_DIR",
            directory.resolve("postmortems").toString(),
            "FIREBREAK_CLI_URL",
            "http://127.0.0.1:" + port);
    ProcessBuilder serve = bash(blocks.get(0).text(), environment);
    try (ManagedProcess gateway =
        ManagedProcess.start("serve", serve, Repository.root(), directory)) {
      Await.until(
          "the gateway says where it listens\n" + gateway.logText(),
          Duration.ofSeconds(180),
          () -> gateway.logText().contains("listening on 127.0.0.1:" + port));
      int checked = 0;
      for (int i = 1; i < blocks.size(); i++) {
        Block block = blocks.get(i);
        if (!block.isCommand()) {
          continue;
        }
        String expected =
            i + 1 < blocks.size() && !blocks.get(i + 1).isCommand()
                ? blocks.get(i + 1).text()
                : null;
        StringBuilder printed = new StringBuilder();
        for (String command : commands(block.text())) {
          printed.append(run(command.replace("localhost:8080", "localhost:" + port), environment));
        }
        if (expected != null) {
          assertThat(printed.toString().strip()).as(block.text()).isEqualTo(expected.strip());
          checked++;
        }
      }
      assertThat(checked).as("commands whose output the README shows").isEqualTo(2);
      Await.until(
          "the lifecycle line the README quotes",
          Duration.ofSeconds(10),
          () ->
              gateway
                  .logText()
                  .contains(
                      "incident 1 opened: Checkout 5xx ratio above 5% (critical, service"
                          + " checkout, from alertmanager)"));
      assertThat(gateway.logText()).contains("LOCAL MODE");
    }
  }

  /** The fenced blocks between "## Quick start" and the next heading of its level or above. */
  private static List<Block> quickStartBlocks() throws IOException {
    String readme = Files.readString(Repository.root().resolve("README.md"));
    int start = readme.indexOf("\n## Quick start\n");
    int end = readme.indexOf("\n### Try it with Docker", start);
    assertThat(start).isPositive();
    String section = readme.substring(start, end);
    List<Block> blocks = new ArrayList<>();
    int open = section.indexOf("\n```");
    while (open >= 0) {
      int bodyStart = section.indexOf('\n', open + 1) + 1;
      int close = section.indexOf("\n```", bodyStart - 1);
      blocks.add(new Block(section.substring(bodyStart, close).strip()));
      open = section.indexOf("\n```", close + 4);
    }
    return blocks;
  }

  /** One command per line, except a command whose quote spans lines (the curl). */
  private static List<String> commands(String block) {
    if (block.startsWith("curl")) {
      return List.of(block);
    }
    return block.lines().filter(line -> !line.isBlank()).toList();
  }

  private String run(String command, Map<String, String> environment) throws Exception {
    Process process =
        bash(command, environment)
            .directory(Repository.root().toFile())
            .redirectErrorStream(false)
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finishes: " + command).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(command + "\n" + out + err).isZero();
    return out;
  }

  private static ProcessBuilder bash(String command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command);
    builder.environment().keySet().removeIf(key -> key.startsWith("FIREBREAK_"));
    builder.environment().putAll(environment);
    return builder;
  }
}
