package dev.firebreak.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real Debian Prometheus and Alertmanager, started from the checked-in {@code prometheus/}
 * and {@code alertmanager/} configuration with only addresses, the token path and timers
 * changed: scrapes and evaluations every second, rule windows of seconds, and Alertmanager
 * flushing groups every second, so that a test sees a whole fire-and-resolve cycle in seconds.
 */
final class PrometheusStack implements AutoCloseable {

  final int prometheusPort;
  final int alertmanagerPort = Repository.freePort();
  private final ManagedProcess alertmanager;
  private final ManagedProcess prometheus;

  /**
   * @param bearerToken the token Alertmanager sends, or null for none (Firebreak in local mode)
   */
  PrometheusStack(Path directory, int gatewayPort, String targetAddress, String bearerToken) {
    this(directory, gatewayPort, targetAddress, bearerToken, Repository.freePort());
  }

  /** @param prometheusPort where Prometheus listens, chosen before so the gateway can query it */
  PrometheusStack(
      Path directory,
      int gatewayPort,
      String targetAddress,
      String bearerToken,
      int prometheusPort) {
    this(
        directory,
        gatewayPort,
        java.util.Map.of("checkout", targetAddress),
        bearerToken,
        prometheusPort);
  }

  /**
   * @param targets the services Prometheus scrapes, by name: each its own target in the
   *     {@code services} job with its {@code service} label, as service discovery gives them
   */
  PrometheusStack(
      Path directory,
      int gatewayPort,
      java.util.Map<String, String> targets,
      String bearerToken,
      int prometheusPort) {
    this.prometheusPort = prometheusPort;
    try {
      Path amDir = Files.createDirectories(directory.resolve("alertmanager"));
      String am =
          Repository.read("alertmanager/alertmanager.yml")
              .replace("http://firebreak:8080", "http://127.0.0.1:" + gatewayPort)
              .replace("/etc/alertmanager/firebreak-token", amDir.resolve("token").toString())
              .replace("group_wait: 30s", "group_wait: 1s")
              .replace("group_interval: 5m", "group_interval: 1s");
      if (bearerToken == null) {
        // Firebreak in local mode takes no credentials: the receiver sends none.
        int credentials = am.indexOf("        http_config:");
        am = am.substring(0, credentials) + am.substring(am.indexOf("\n\n", credentials));
      } else {
        Files.writeString(amDir.resolve("token"), bearerToken);
      }
      Files.writeString(amDir.resolve("alertmanager.yml"), am);

      Path promDir = Files.createDirectories(directory.resolve("prometheus"));
      String services =
          "      - targets: ['demo:8081']\n"
              + "        labels:\n"
              + "          service: checkout\n"
              + "          namespace: shop\n";
      String config = Repository.read("prometheus/prometheus.yml");
      if (!config.contains(services)) {
        throw new IllegalStateException("prometheus/prometheus.yml no longer has " + services);
      }
      StringBuilder scraped = new StringBuilder();
      targets.forEach(
          (service, address) ->
              scraped
                  .append("      - targets: ['")
                  .append(address)
                  .append("']\n        labels:\n          service: ")
                  .append(service)
                  .append("\n          namespace: shop\n"));
      Files.writeString(
          promDir.resolve("prometheus.yml"),
          config
              .replace(services, scraped.toString())
              .replace("scrape_interval: 15s", "scrape_interval: 1s")
              .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
              .replace("'alertmanager:9093'", "'127.0.0.1:" + alertmanagerPort + "'")
              .replace("'firebreak:8080'", "'127.0.0.1:" + gatewayPort + "'"));
      Path rules = Files.createDirectories(promDir.resolve("rules"));
      try (Stream<Path> files = Files.list(Repository.root().resolve("prometheus/rules"))) {
        for (Path file : files.toList()) {
          Files.writeString(
              rules.resolve(file.getFileName()), compressed(file, Files.readString(file)));
        }
      }

      alertmanager =
          ManagedProcess.start(
                  "alertmanager",
                  List.of(
                      Repository.binary(
                          "FIREBREAK_TEST_ALERTMANAGER", "/usr/bin/prometheus-alertmanager"),
                      "--config.file=" + amDir.resolve("alertmanager.yml"),
                      "--storage.path=" + amDir.resolve("data"),
                      "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                      "--cluster.listen-address=",
                      "--log.level=debug"),
                  amDir)
              .awaitHttpOk(
                  "http://127.0.0.1:" + alertmanagerPort + "/-/ready", Duration.ofSeconds(30));
      prometheus =
          ManagedProcess.start(
                  "prometheus",
                  List.of(
                      Repository.binary("FIREBREAK_TEST_PROMETHEUS", "/usr/bin/prometheus"),
                      "--config.file=" + promDir.resolve("prometheus.yml"),
                      "--storage.tsdb.path=" + promDir.resolve("data"),
                      "--web.listen-address=127.0.0.1:" + prometheusPort),
                  promDir)
              .awaitHttpOk(
                  "http://127.0.0.1:" + prometheusPort + "/-/ready", Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String logs() {
    return "--- alertmanager ---\n"
        + tail(alertmanager.logText())
        + "\n--- prometheus ---\n"
        + tail(prometheus.logText());
  }

  private static String tail(String text) {
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }

  @Override
  public void close() {
    prometheus.close();
    alertmanager.close();
  }

  /**
   * The service rules on the suites' clock: a minute of production is a second here, windows,
   * offsets and horizons alike (a line through 30 seconds extrapolated a whole hour turns the
   * demo's healthy heap noise into a page). Rate windows keep five samples at the 1 s scrape.
   * A window the mapping misses fails here rather than silently running on production time.
   */
  private static String compressed(Path file, String rules) {
    if (!file.getFileName().toString().equals("services.yml")) {
      return rules;
    }
    String compressed =
        rules
            .replace("[2m]", "[5s]")
            .replace("[30m]", "[30s]")
            .replace("[15m] offset 15m", "[15s] offset 15s")
            .replace("offset 10m", "offset 30s")
            .replace(", 3600)", ", 60)")
            .replace("4 * 3600", "4 * 60")
            .replace("for: 2m", "for: 0s");
    java.util.regex.Matcher left =
        java.util.regex.Pattern.compile("\\[\\d+[mh]\\]|offset \\d+[mh]|3600|for: [1-9]")
            .matcher(compressed);
    if (left.find()) {
      throw new IllegalStateException(
          file + " has a duration the test clock does not compress: " + left.group());
    }
    return compressed;
  }
}
