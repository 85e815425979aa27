package dev.firebreak.integrations.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Answers captured from a real Prometheus 2.42 in {@code ../shared/fixtures/captured/}. */
final class Captured {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Captured() {}

  /** The {@code response} member of a captured file: the body Prometheus sent. */
  static String response(String name) {
    try {
      return MAPPER.readTree(Files.readString(dir().resolve(name))).get("response").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int status(String name) {
    try {
      return MAPPER
          .readTree(Files.readString(dir().resolve(name)))
          .path("_capture")
          .path("http_status")
          .asInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path dir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path sibling = dir.resolveSibling("shared").resolve("fixtures/captured");
      if (Files.isDirectory(sibling)) {
        return sibling;
      }
    }
    throw new IllegalStateException("../shared/fixtures/captured not found");
  }
}
