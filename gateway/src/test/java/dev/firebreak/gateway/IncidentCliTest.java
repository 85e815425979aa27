package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.gateway.cli.FirebreakCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as an on-call engineer uses it against a running gateway. */
class IncidentCliTest {

  @TempDir Path directory;
  TestGateway gateway;

  @BeforeEach
  void start() {
    gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_API_READ_TOKEN", "reader",
                "FIREBREAK_API_WRITE_TOKEN", "writer",
                "FIREBREAK_ALERTMANAGER_TOKEN", "am"));
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    gateway.postJson("/webhooks/alertmanager", body.toString(), "Authorization", "Bearer am");
    gateway.awaitCorrelated();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  record Run(int exit, String out, String err) {}

  Run run(String token, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url=http://127.0.0.1:" + gateway.gateway.port());
    if (token != null) {
      all.add("--token=" + token);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new FirebreakCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void incidents_waitsForAnIncidentAndSaysWhenNoneCame() {
    Run found = run("reader", "incidents", "--wait", "5s");
    assertThat(found.exit()).as(found.err()).isZero();
    assertThat(found.out()).contains("checkout");

    long started = System.nanoTime();
    Run none = run("reader", "incidents", "--status", "resolved", "--wait", "600ms");
    assertThat(System.nanoTime() - started).as("it waited").isGreaterThanOrEqualTo(600_000_000L);
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.out()).isEqualTo("no incidents resolved\n");
    assertThat(none.err()).isEqualTo("firebreak: no incident within 600ms\n");

    Run bad = run("reader", "incidents", "--wait", "soon");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--wait=soon: expected a duration");
  }

  @Test
  void incidents_listsATable_andIncidentShowsItsTimeline() {
    Run list = run("reader", "incidents");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("ID     STATUS        SEVERITY  SERVICE");
    assertThat(list.out()).contains("open").contains("critical").contains("checkout");
    assertThat(run("reader", "incidents", "--status", "resolved").out())
        .isEqualTo("no incidents resolved\n");

    Run show = run("reader", "incident", "1");
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out())
        .startsWith("Incident 1: Checkout 5xx ratio above 5%")
        .contains("Timeline")
        .contains("opened");
  }

  @Test
  void ackAndResolve_needTheWriteToken_andSayWhatBecameOfTheIncident() {
    Run refused = run("reader", "ack", "1", "--by", "carol");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).startsWith("firebreak: the gateway refused the token: ");
    Run ack = run("writer", "ack", "1", "--by", "carol", "--note", "looking");
    assertThat(ack.exit()).as(ack.err()).isZero();
    assertThat(ack.out()).isEqualTo("incident 1 is acknowledged\n");
    Run again = run("writer", "ack", "1");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err())
        .isEqualTo(
            "firebreak: incident 1 is acknowledged; only an open incident can be acknowledged\n");
    assertThat(run("writer", "resolve", "1").out()).isEqualTo("incident 1 is resolved\n");
    assertThat(run("reader", "incident", "1").out()).contains("acknowledged by carol: looking");
  }

  @Test
  void problems_areOneLine() {
    assertThat(run("reader", "incident", "99").err()).isEqualTo("firebreak: no incident 99\n");
    assertThat(run(null, "incidents").err()).startsWith("firebreak: the gateway refused the token");
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new FirebreakCommand());
    command.setErr(new PrintWriter(err));
    int exit = command.execute("incidents", "--url=http://127.0.0.1:1");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("firebreak: cannot reach the gateway at http://127.0.0.1:1 (ConnectException)")
        .doesNotContain("\tat ");
  }
}
