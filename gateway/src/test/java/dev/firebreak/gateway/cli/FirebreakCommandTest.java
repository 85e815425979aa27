package dev.firebreak.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command answers --help, and `firebreak help` lists them. */
class FirebreakCommandTest {

  record Run(int exit, String out) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new FirebreakCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(out));
    int exit = command.execute(args);
    return new Run(exit, out.toString());
  }

  @Test
  void help_listsEveryCommand() {
    Run help = run("help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("serve", "config", "replay", "demo", "import-postmortems", "reindex", "help");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "serve",
        "config",
        "replay",
        "demo",
        "import-postmortems",
        "reindex",
        "incidents",
        "incident",
        "ack",
        "resolve"
      })
  void everyCommand_answersHelp(String name) {
    Run help = run(name, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).startsWith("Usage: firebreak " + name);
    assertThat(run("help", name).out()).startsWith("Usage: firebreak " + name);
  }

  @Test
  void config_documentsCheck() {
    assertThat(run("config", "--help").out()).contains("--check");
  }
}
