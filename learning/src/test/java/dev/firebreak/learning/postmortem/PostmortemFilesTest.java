package dev.firebreak.learning.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Postmortem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are replaced while untouched, and a person's edits are never overwritten. */
class PostmortemFilesTest {

  @TempDir Path directory;

  @Test
  void untouchedFile_isReplaced_editedFileIsKeptAndTheNewVersionGetsItsOwn() throws Exception {
    PostmortemFiles files = new PostmortemFiles(directory.resolve("postmortems"));
    Incident incident = PostmortemWriterTest.record().detail().incident();

    String first = files.write(incident, 1, "# v1\n", Optional.empty());
    assertThat(first).isEqualTo("2026-11-20-incident-42.md");
    Postmortem v1 = written(1, "# v1\n", first);

    String second = files.write(incident, 2, "# v2\n", Optional.of(v1));
    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(files.directory().resolve(first))).isEqualTo("# v2\n");
    Postmortem v2 = written(2, "# v2\n", second);

    Files.writeString(files.directory().resolve(first), "# v2\n\nLessons: we got lucky.\n");
    String third = files.write(incident, 3, "# v3\n", Optional.of(v2));
    assertThat(third).isEqualTo("2026-11-20-incident-42-v3.md");
    assertThat(Files.readString(files.directory().resolve(first)))
        .isEqualTo("# v2\n\nLessons: we got lucky.\n");
    assertThat(Files.readString(files.directory().resolve(third))).isEqualTo("# v3\n");
    try (var listing = Files.list(files.directory())) {
      assertThat(listing.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder(first, third);
    }
  }

  @Test
  void aFileOfTheSameNameFromElsewhere_isNotOverwritten() throws Exception {
    PostmortemFiles files = new PostmortemFiles(directory);
    Incident incident = PostmortemWriterTest.record().detail().incident();
    Files.writeString(directory.resolve("2026-11-20-incident-42.md"), "a team's own document\n");

    String name = files.write(incident, 1, "# v1\n", Optional.empty());

    assertThat(name).isEqualTo("2026-11-20-incident-42-v1.md");
    assertThat(Files.readString(directory.resolve("2026-11-20-incident-42.md")))
        .isEqualTo("a team's own document\n");
  }

  private static Postmortem written(int version, String markdown, String file) {
    return new Postmortem(
        42, version, Instant.EPOCH, markdown, file, PostmortemFiles.sha256(markdown));
  }
}
