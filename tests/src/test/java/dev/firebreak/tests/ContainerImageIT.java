package dev.firebreak.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as it runs, without a container runtime: the last stage of the {@code Dockerfile} —
 * its {@code ENV}, {@code ENTRYPOINT}, {@code CMD} and {@code HEALTHCHECK} — read from the file
 * and run as processes, with the image's paths mapped to the repository's files. A change to the
 * Dockerfile is tested as it is written.
 */
class ContainerImageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path data;

  private Path log() {
    return data.resolve("gateway.log");
  }

  @Test
  void withoutCredentialsTheImageRefusesToStartInsteadOfListeningWhereNobodyCanReachIt()
      throws Exception {
    Image image = Image.read(data);
    Process process =
        image
            .entrypoint(Map.of("FIREBREAK_PORT", Integer.toString(Repository.freePort())))
            .process();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
    String output = Files.readString(log());
    assertThat(process.exitValue()).isNotZero();
    assertThat(output)
        .contains("FIREBREAK_HOST=0.0.0.0 needs credentials")
        .contains("FIREBREAK_LOCAL_MODE_ON_ALL_INTERFACES=true")
        .doesNotContain("Exception");
  }

  @Test
  void withCredentialsItServesEveryInterfaceAndTheHealthcheckFollowsIt() throws Exception {
    int port = Repository.freePort();
    Map<String, String> env =
        Map.of("FIREBREAK_PORT", Integer.toString(port), "FIREBREAK_API_READ_TOKEN", "reader");
    Image image = Image.read(data);
    assertThat(image.healthcheck(env).exit()).as("unhealthy before start").isNotZero();

    try (ManagedProcess gateway = image.entrypoint(env)) {
      String external = "http://" + externalAddress().getHostAddress() + ":" + port;
      gateway.awaitHttpOk(external + "/health", Duration.ofSeconds(60));
      assertThat(image.healthcheck(env).exit()).as("healthy").isZero();
      HttpResponse<String> unauthenticated =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(external + "/api/incidents")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unauthenticated.statusCode()).isEqualTo(401);
      assertThat(Files.exists(data.resolve("firebreak.db")))
          .as("store in the image's volume")
          .isTrue();
    }
    Healthcheck after = image.healthcheck(env);
    assertThat(after.exit()).as("unhealthy after stop").isNotZero();
    assertThat(after.output()).contains("nothing listens on 127.0.0.1:" + port);
  }

  @Test
  void aDemoMayRunUnauthenticatedOnAllInterfacesWhenToldToAndSaysSoLoudly() throws Exception {
    int port = Repository.freePort();
    Map<String, String> env =
        Map.of(
            "FIREBREAK_PORT",
            Integer.toString(port),
            "FIREBREAK_LOCAL_MODE_ON_ALL_INTERFACES",
            "true");
    Image image = Image.read(data);
    try (ManagedProcess gateway = image.entrypoint(env)) {
      String external = "http://" + externalAddress().getHostAddress() + ":" + port;
      gateway.awaitHttpOk(external + "/api/incidents", Duration.ofSeconds(60));
      assertThat(image.healthcheck(env).exit()).isZero();
    }
    String output = Files.readString(log());
    assertThat(output).contains("LOCAL MODE ON ALL INTERFACES").contains("ANYONE WHO CAN REACH");
  }

  record Healthcheck(int exit, String output) {}

  /** The Dockerfile's last stage, with its paths mapped onto this machine. */
  record Image(
      Map<String, String> env,
      List<String> entrypoint,
      List<String> cmd,
      List<String> check,
      Path workdir) {

    static final Pattern EXEC_FORM = Pattern.compile("(\\[.*\\])\\s*$");

    static Image read(Path data) throws IOException {
      List<String> lines = Files.readAllLines(Repository.root().resolve("Dockerfile"));
      int lastStage = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("FROM ")) {
          lastStage = i;
        }
      }
      Map<String, String> env = new LinkedHashMap<>();
      List<String> entrypoint = List.of();
      List<String> cmd = List.of();
      List<String> check = List.of();
      for (String line : lines.subList(lastStage, lines.size())) {
        if (line.startsWith("ENV ")) {
          String pair = line.substring(4).trim();
          int equals = pair.indexOf('=');
          env.put(pair.substring(0, equals), mapped(pair.substring(equals + 1), data));
        } else if (line.startsWith("ENTRYPOINT ")) {
          entrypoint = execForm(line, data);
        } else if (line.startsWith("CMD ")) {
          cmd = execForm(line, data);
        } else if (line.startsWith("HEALTHCHECK ")) {
          check = execForm(line, data);
        }
      }
      assertThat(entrypoint).as("ENTRYPOINT").isNotEmpty();
      assertThat(check).as("HEALTHCHECK CMD").isNotEmpty();
      return new Image(env, entrypoint, cmd, check, data);
    }

    private static List<String> execForm(String line, Path data) throws IOException {
      Matcher matcher = EXEC_FORM.matcher(line);
      assertThat(matcher.find()).as("exec form: " + line).isTrue();
      List<String> parts = JSON.readValue(matcher.group(1), new TypeReference<List<String>>() {});
      return parts.stream().map(part -> mapped(part, data)).toList();
    }

    private static String mapped(String value, Path data) {
      Path root = Repository.root();
      return value
          .replace(
              "/opt/firebreak/firebreak.jar",
              root.resolve("gateway/target/firebreak.jar").toString())
          .replace(
              "/opt/firebreak/healthcheck", root.resolve("deploy/container/healthcheck").toString())
          .replace("/var/lib/firebreak", data.toString());
    }

    /** The image's ENTRYPOINT and CMD in its WORKDIR, logging to {@code gateway.log} there. */
    ManagedProcess entrypoint(Map<String, String> extra) {
      List<String> command = new ArrayList<>(entrypoint);
      command.addAll(cmd);
      if (command.get(0).equals("java")) {
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
      }
      ProcessBuilder builder = new ProcessBuilder(command);
      environment(builder, extra);
      return ManagedProcess.start("gateway", builder, workdir);
    }

    Healthcheck healthcheck(Map<String, String> extra) throws Exception {
      ProcessBuilder builder = new ProcessBuilder(check).redirectErrorStream(true);
      environment(builder, extra);
      Process process = builder.start();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("healthcheck returns").isTrue();
      return new Healthcheck(
          process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private void environment(ProcessBuilder builder, Map<String, String> extra) {
      builder.environment().keySet().removeIf(key -> key.startsWith("FIREBREAK_"));
      builder.environment().putAll(env);
      builder.environment().putAll(extra);
    }
  }

  /** An address of this machine other people would reach it by: what a container exposes. */
  private static InetAddress externalAddress() throws IOException {
    for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : network.inetAddresses().toList()) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return address;
        }
      }
    }
    throw new AssertionError("this machine has no non-loopback IPv4 address to test with");
  }
}
