package dev.firebreak.gateway.cli;

import dev.firebreak.gateway.BuildInfo;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigException;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.config.Setting;
import dev.firebreak.gateway.replay.Bundle;
import dev.firebreak.gateway.replay.BundleCodec;
import dev.firebreak.gateway.replay.ReplayReport;
import dev.firebreak.gateway.replay.Replayer;
import dev.firebreak.gateway.trace.Telemetry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code firebreak} command. */
@Command(
    name = "firebreak",
    mixinStandardHelpOptions = true,
    versionProvider = FirebreakCommand.Version.class,
    description = "Self-hosted incident-response gateway.",
    subcommands = {
      FirebreakCommand.Serve.class,
      FirebreakCommand.Config.class,
      FirebreakCommand.Replay.class,
      DemoCommand.class,
      MemoryCommands.Import.class,
      MemoryCommands.Reindex.class,
      IncidentCommands.List.class,
      IncidentCommands.Show.class,
      IncidentCommands.Ack.class,
      IncidentCommands.Resolve.class,
      CommandLine.HelpCommand.class
    })
public final class FirebreakCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The build's own version and commit, as {@code firebreak_build_info} reports them. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.current();
      return new String[] {"firebreak " + build.version() + " (" + build.revision() + ")"};
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FirebreakCommand()).execute(args));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Runs the gateway until the process is stopped. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description =
          "Start the gateway (configured by FIREBREAK_*"
              + " environment variables; see `firebreak config`).")
  static final class Serve implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
      GatewayConfig config;
      try {
        config = ConfigLoader.fromEnvironment();
      } catch (ConfigException e) {
        System.err.println("firebreak: configuration error: " + e.getMessage());
        return 2;
      }
      // Before any logger exists, so that logback picks the configured format.
      System.setProperty("firebreak.log.format", config.logFormat());
      System.setProperty("firebreak.version", BuildInfo.current().version());
      // The OpenTelemetry SDK logs through java.util.logging: into the same stream and format.
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
      Telemetry telemetry;
      try {
        telemetry = Telemetry.fromEnvironment(System.getenv());
      } catch (ConfigException e) {
        System.err.println("firebreak: configuration error: " + e.getMessage());
        return 2;
      }
      Gateway gateway;
      try {
        gateway = Gateway.create(config, telemetry).start();
      } catch (RuntimeException e) {
        if (isBindFailure(e)) {
          System.err.printf(
              "firebreak: cannot listen on %s:%d: the port is in use or not allowed"
                  + " (FIREBREAK_PORT, FIREBREAK_HOST)%n",
              config.host(), config.port());
          return 2;
        }
        throw e;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    gateway.close();
                    stopped.countDown();
                  },
                  "firebreak-shutdown"));
      stopped.await();
      return 0;
    }
  }

  private static boolean isBindFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  /** Prints every setting with its default; never prints secret values. */
  @Command(
      name = "config",
      mixinStandardHelpOptions = true,
      description =
          "List every setting, its default and what it does; with --check, check the"
              + " environment and the files it names instead.")
  static final class Config implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--markdown", description = "Print the README's table.")
    boolean markdown;

    @CommandLine.Option(
        names = "--check",
        description =
            "Check the FIREBREAK_* environment and the files it names (properties file, response"
                + " file, query files); exit 2 with the problem on one line.")
    boolean check;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (check) {
        try {
          GatewayConfig config = ConfigLoader.fromEnvironment();
          boolean traces;
          try (Telemetry telemetry = Telemetry.fromEnvironment(System.getenv())) {
            traces = telemetry.isOn();
          }
          out.printf(
              "firebreak: configuration is valid (store %s, %s mode, notifications: %s, traces:"
                  + " %s)%n",
              config.databaseUrl().startsWith("jdbc:postgresql:") ? "PostgreSQL" : "SQLite",
              config.localMode() ? "local" : "authenticated",
              config.notifications().anyChannel() ? "PagerDuty/Slack" : "timeline and log only",
              traces ? "OpenTelemetry" : "off");
          out.flush();
          return 0;
        } catch (ConfigException e) {
          spec.commandLine().getErr().println("firebreak: configuration error: " + e.getMessage());
          spec.commandLine().getErr().flush();
          return 2;
        }
      }
      if (markdown) {
        out.println("| Setting | Default | What it does |");
        out.println("| --- | --- | --- |");
        for (Setting setting : Setting.values()) {
          out.printf(
              "| `%s` | %s | %s |%n",
              setting.key(),
              setting.defaultValue().isEmpty() ? "(unset)" : "`" + setting.defaultValue() + "`",
              setting.description());
        }
        out.flush();
        return 0;
      }
      for (Setting setting : Setting.values()) {
        out.printf(
            "%-34s default: %s%n    %s%n",
            setting.key(),
            setting.defaultValue().isEmpty() ? "(unset)" : setting.defaultValue(),
            setting.description());
      }
      out.flush();
      return 0;
    }
  }

  /** Runs a recorded bundle through the pipeline offline and prints what came out. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Run a recorded incident bundle (from"
              + " GET /api/incidents/{id}/bundle or examples/) through intake, correlation and"
              + " investigation offline, and print what Firebreak concluded.")
  static final class Replay implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "BUNDLE", description = "A bundle file.")
    java.nio.file.Path file;

    @Override
    public Integer call() throws Exception {
      System.setProperty("firebreak.log.level", "ERROR");
      Bundle bundle;
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
        bundle = BundleCodec.read(in);
      } catch (java.io.IOException e) {
        System.err.println("firebreak: cannot read " + file + ": " + e.getMessage());
        return 2;
      }
      java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("firebreak-replay");
      try {
        ReplayReport.print(Replayer.run(bundle, scratch), spec.commandLine().getOut());
        return 0;
      } finally {
        try (var paths = java.nio.file.Files.walk(scratch)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }
  }
}
