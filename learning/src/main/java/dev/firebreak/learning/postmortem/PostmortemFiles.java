package dev.firebreak.learning.postmortem;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Postmortem;
import dev.firebreak.learning.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Postmortem files in the configured directory, named by the incident's opening date and id
 * ({@code 2026-12-01-incident-42.md}). A file is replaced only while it still holds exactly what
 * Firebreak last wrote there; once a person has edited it, theirs is kept and the new version
 * goes to a file of its own ({@code …-incident-42-v2.md}). Writes are atomic.
 */
public final class PostmortemFiles {

  private final Path directory;

  public PostmortemFiles(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** Writes {@code markdown} as version {@code version}; returns the file name used. */
  public String write(
      Incident incident, int version, String markdown, Optional<Postmortem> previous) {
    String base =
        incident.openedAt().atOffset(ZoneOffset.UTC).toLocalDate() + "-incident-" + incident.id();
    String name = base + ".md";
    try {
      Files.createDirectories(directory);
      if (previous.isPresent() && !previous.get().file().isEmpty()) {
        Path last = directory.resolve(previous.get().file());
        if (!Files.exists(last) || sha256(Files.readString(last)).equals(previous.get().sha256())) {
          name = previous.get().file();
        } else {
          name = base + "-v" + version + ".md";
        }
      } else if (Files.exists(directory.resolve(name))) {
        name = base + "-v" + version + ".md";
      }
      Path target = directory.resolve(name);
      AtomicFiles.replace(
          directory.resolve(name),
          file -> Files.writeString(file, markdown, StandardCharsets.UTF_8));
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write postmortem to " + directory + ": " + e.getMessage(), e);
    }
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
