package dev.firebreak.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked-in files are, and free ports for the processes the tests start. */
final class Repository {

  private Repository() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("prometheus/prometheus.yml"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "repository root not found from " + Path.of("").toAbsolutePath());
  }

  /**
   * The benchmark data folder a command was given as its first argument, or {@code
   * ../shared/data/<name>} beside the repository.
   */
  static Path dataFolder(String[] args, String name) {
    return args.length > 0 && !args[0].isBlank()
        ? Path.of(args[0])
        : root().resolveSibling("shared").resolve("data").resolve(name);
  }

  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Debian binary, or the path in the named environment variable. */
  static String binary(String environment, String debianPath) {
    String configured = System.getenv(environment);
    String path = configured == null || configured.isBlank() ? debianPath : configured;
    if (!Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(
          path
              + " is not installed; run scripts/test.sh, which"
              + " installs it (Debian package), or set "
              + environment);
    }
    return path;
  }
}
