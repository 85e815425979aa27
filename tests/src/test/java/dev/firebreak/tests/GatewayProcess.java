package dev.firebreak.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The packaged gateway ({@code gateway/target/firebreak.jar}) as a separate process. */
final class GatewayProcess {

  private GatewayProcess() {}

  static Path jar() {
    Path jar = Repository.root().resolve("gateway/target/firebreak.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; build with `mvn package` first");
    }
    return jar;
  }

  static ManagedProcess start(Path directory, int port, Map<String, String> settings, String name) {
    return start(directory, port, settings, name, "-Xmx512m");
  }

  /** Started as the launcher starts it: exiting on OutOfMemoryError, with the given heap. */
  static ManagedProcess start(
      Path directory, int port, Map<String, String> settings, String name, String heap) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(java, heap, "-XX:+ExitOnOutOfMemoryError", "-jar", jar().toString(), "serve"));
    builder.environment().keySet().removeIf(key -> key.startsWith("FIREBREAK_"));
    builder.environment().put("FIREBREAK_PORT", Integer.toString(port));
    builder.environment().putAll(settings);
    ManagedProcess process = ManagedProcess.start(name, builder, directory);
    return process.awaitHttpOk("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(60));
  }
}
