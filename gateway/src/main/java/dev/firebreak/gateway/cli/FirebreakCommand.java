package dev.firebreak.gateway.cli;

import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigException;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.config.Setting;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code firebreak} command. */
@Command(name = "firebreak", mixinStandardHelpOptions = true, version = "firebreak 0.1.0",
    description = "Self-hosted incident-response gateway.",
    subcommands = {FirebreakCommand.Serve.class, FirebreakCommand.Config.class})
public final class FirebreakCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FirebreakCommand()).execute(args));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Runs the gateway until the process is stopped. */
  @Command(name = "serve", description = "Start the gateway (configured by FIREBREAK_*"
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
      Gateway gateway = Gateway.create(config).start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        gateway.close();
        stopped.countDown();
      }, "firebreak-shutdown"));
      stopped.await();
      return 0;
    }
  }

  /** Prints every setting with its default; never prints secret values. */
  @Command(name = "config", description = "List every setting, its default and what it does.")
  static final class Config implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--markdown", description = "Print the README's table.")
    boolean markdown;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (markdown) {
        out.println("| Setting | Default | What it does |");
        out.println("| --- | --- | --- |");
        for (Setting setting : Setting.values()) {
          out.printf("| `%s` | %s | %s |%n", setting.key(), setting.defaultValue().isEmpty()
              ? "(unset)" : "`" + setting.defaultValue() + "`", setting.description());
        }
        out.flush();
        return 0;
      }
      for (Setting setting : Setting.values()) {
        out.printf("%-34s default: %s%n    %s%n", setting.key(),
            setting.defaultValue().isEmpty() ? "(unset)" : setting.defaultValue(),
            setting.description());
      }
      out.flush();
      return 0;
    }
  }
}
