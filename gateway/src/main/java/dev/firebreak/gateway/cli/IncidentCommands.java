package dev.firebreak.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.firebreak.gateway.config.ConfigException;
import dev.firebreak.gateway.config.ConfigLoader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firebreak incidents}, {@code incident ID}, {@code ack ID}, {@code resolve ID}: the API for people. */
final class IncidentCommands {

  private IncidentCommands() {}

  /** Where the gateway is and how to get in, shared by the commands. */
  static final class Target {
    @Option(
        names = "--url",
        description = "Gateway URL (default FIREBREAK_CLI_URL, else http://127.0.0.1:8080).")
    String url;

    @Option(
        names = "--token",
        description =
            "API token (default FIREBREAK_CLI_TOKEN; the read token lists, the write token acts).")
    String token;

    GatewayClient client() {
      return GatewayClient.of(url, token);
    }
  }

  /** Runs a command, turning the client's failures into one line and exit 2. */
  abstract static class ClientCommand implements Callable<Integer> {
    @CommandLine.Mixin Target target = new Target();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    abstract void run(GatewayClient client, PrintWriter out);

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        run(target.client(), out);
        out.flush();
        return 0;
      } catch (GatewayClient.Failure e) {
        out.flush();
        spec.commandLine().getErr().println("firebreak: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return e.exitCode();
      }
    }
  }

  @Command(
      name = "incidents",
      mixinStandardHelpOptions = true,
      description = "List incidents, newest first.")
  static final class List extends ClientCommand {
    @Option(names = "--status", description = "open, acknowledged or resolved.")
    String status;

    @Option(names = "--severity", description = "critical, high, warning or info.")
    String severity;

    @Option(names = "--service", description = "Only this service.")
    String service;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (default 20).")
    int limit;

    @Option(
        names = "--wait",
        paramLabel = "DURATION",
        description =
            "Wait up to this long (10s, 1m) for a matching incident: alerts become incidents a"
                + " moment after they are accepted. Exit 1 if none appears.")
    String wait;

    @Override
    void run(GatewayClient client, PrintWriter out) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("status", status);
      query.put("severity", severity);
      query.put("service", service);
      query.put("limit", Integer.toString(limit));
      Duration patience = wait == null ? Duration.ZERO : waitDuration(wait);
      long deadline = System.nanoTime() + patience.toNanos();
      JsonNode items = client.get("/api/incidents", query).path("items");
      while (items.isEmpty() && System.nanoTime() < deadline) {
        pause();
        items = client.get("/api/incidents", query).path("items");
      }
      if (items.isEmpty()) {
        out.println("no incidents" + (status == null ? "" : " " + status));
        if (wait != null) {
          throw new GatewayClient.Failure("no incident within " + wait, 1);
        }
        return;
      }
      String format = "%-6s %-13s %-9s %-16s %-20s %s%n";
      out.printf(format, "ID", "STATUS", "SEVERITY", "SERVICE", "OPENED", "TITLE");
      for (JsonNode incident : items) {
        out.printf(
            format,
            incident.path("id").asText(),
            incident.path("status").asText(),
            incident.path("severity").asText(),
            cut(incident.path("service").asText(), 16),
            incident.path("openedAt").asText().replaceFirst("\\.\\d+Z$", "Z"),
            incident.path("title").asText());
      }
    }
  }

  private static Duration waitDuration(String value) {
    try {
      return ConfigLoader.parseDuration("--wait", value);
    } catch (ConfigException e) {
      throw new GatewayClient.Failure(e.getMessage());
    }
  }

  /** Between two looks at the incident list while waiting for one. */
  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayClient.Failure("interrupted");
    }
  }

  @Command(
      name = "incident",
      mixinStandardHelpOptions = true,
      description = "One incident: its signals, timeline, likely causes and notifications.")
  static final class Show extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The incident's id.")
    long id;

    @Override
    void run(GatewayClient client, PrintWriter out) {
      JsonNode incident = client.get("/api/incidents/" + id, Map.of());
      out.printf(
          "Incident %d: %s%n  %s, %s, service %s, opened %s, %d signal(s) from %s%n",
          id,
          incident.path("title").asText(),
          incident.path("status").asText(),
          incident.path("severity").asText(),
          incident.path("service").asText("-"),
          incident.path("openedAt").asText(),
          incident.path("signalCount").asInt(),
          String.join(", ", texts(incident.path("sources"))));
      JsonNode diagnosis;
      try {
        diagnosis = client.get("/api/incidents/" + id + "/diagnosis", Map.of());
      } catch (GatewayClient.Failure e) {
        diagnosis = JsonNodeFactory.instance.objectNode();
        out.printf("%nLikely causes: %s%n", e.getMessage());
      }
      if (diagnosis.has("hypotheses")) {
        out.printf("%nLikely causes%n");
        int shown = 0;
        for (JsonNode hypothesis : diagnosis.get("hypotheses")) {
          if (shown++ == 3) {
            break;
          }
          out.printf(
              "  %3.0f %%  %s%s%n         %s%n",
              hypothesis.path("confidence").asDouble() * 100,
              hypothesis.path("cause").asText(),
              hypothesis.path("service").asText().isEmpty()
                  ? ""
                  : " in " + hypothesis.path("service").asText(),
              cut(hypothesis.path("explanation").asText(), 300));
        }
      }
      out.printf("%nTimeline%n");
      for (JsonNode entry : incident.path("timeline")) {
        out.printf(
            "  %s  %-16s %s%n",
            entry.path("at").asText().replaceFirst("\\.\\d+Z$", "Z"),
            entry.path("kind").asText(),
            entry.path("message").asText());
      }
      JsonNode notifications =
          client.get("/api/incidents/" + id + "/notifications", Map.of()).path("items");
      if (!notifications.isEmpty()) {
        out.printf("%nNotifications%n");
        for (JsonNode message : notifications) {
          out.printf(
              "  #%-5s %-9s %-11s %-9s %s%n",
              message.path("id").asText(),
              message.path("channel").asText(),
              message.path("action").asText(),
              message.path("state").asText(),
              message.path("lastError").isNull() ? "" : message.path("lastError").asText());
        }
      }
    }
  }

  /** Acknowledges or resolves an incident with the write token. */
  abstract static class Transition extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The incident's id.")
    long id;

    @Option(names = "--by", description = "Who (default: the USER environment variable).")
    String by;

    @Option(names = "--note", description = "Why, for the timeline.")
    String note;

    abstract String action();

    @Override
    void run(GatewayClient client, PrintWriter out) {
      var body = JsonNodeFactory.instance.objectNode();
      String who = by != null ? by : System.getenv("USER");
      if (who != null && !who.isBlank()) {
        body.put("by", who);
      }
      if (note != null) {
        body.put("note", note);
      }
      JsonNode incident = client.post("/api/incidents/" + id + "/" + action(), body.toString());
      out.printf("incident %d is %s%n", id, incident.path("status").asText());
    }
  }

  @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an incident.")
  static final class Ack extends Transition {
    @Override
    String action() {
      return "acknowledge";
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description = "Resolve an incident by hand.")
  static final class Resolve extends Transition {
    @Override
    String action() {
      return "resolve";
    }
  }

  private static java.util.List<String> texts(JsonNode array) {
    java.util.List<String> texts = new java.util.ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
