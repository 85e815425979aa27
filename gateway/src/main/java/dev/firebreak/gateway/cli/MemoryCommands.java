package dev.firebreak.gateway.cli;

import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.analysis.port.Page;
import dev.firebreak.gateway.Gateway;
import dev.firebreak.gateway.config.ConfigException;
import dev.firebreak.gateway.config.ConfigLoader;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.integrations.store.JdbcIncidentStore;
import dev.firebreak.learning.Memory;
import dev.firebreak.learning.embed.MiniLmEmbedder;
import dev.firebreak.learning.postmortem.MarkdownPostmortem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code firebreak import-postmortems DIR} and {@code firebreak reindex}: they work on the
 * configured store (and Chroma, when it is the index) directly, beside a running gateway or
 * without one, print their progress, and can be stopped and run again: what is already in
 * memory unchanged is skipped.
 */
final class MemoryCommands {

  private MemoryCommands() {}

  /** Seeds the memory with a team's own Markdown postmortems. */
  @Command(
      name = "import-postmortems",
      mixinStandardHelpOptions = true,
      description =
          "Remember a directory of Markdown postmortems (YAML front matter with title, summary,"
              + " categories, keywords and date is read when present), so that recall finds them"
              + " from day one. Stopped and run again, it skips what it imported unchanged.")
  static final class Import implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(
        paramLabel = "DIR",
        description = "Directory of *.md files (searched recursively).")
    Path directory;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.isDirectory(directory)) {
        System.err.println("firebreak: " + directory + " is not a directory");
        return 2;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(directory)) {
        files =
            walk.filter(path -> path.toString().endsWith(".md"))
                .filter(Files::isRegularFile)
                .sorted()
                .toList();
      }
      return withMemory(
          (store, memory) -> {
            int imported = 0;
            int unchanged = 0;
            int failed = 0;
            Instant now = Instant.now();
            for (int i = 0; i < files.size(); i++) {
              Path file = files.get(i);
              String name = directory.relativize(file).toString();
              try {
                MarkdownPostmortem postmortem =
                    MarkdownPostmortem.parse(
                        name, Files.readString(file), Files.getLastModifiedTime(file).toInstant());
                MemoryDocument document = postmortem.document(now);
                if (alreadyRemembered(store.memory(), document)) {
                  unchanged++;
                } else {
                  memory.indexer().index(document);
                  imported++;
                }
              } catch (MalformedInputException e) {
                failed++;
                System.err.println("firebreak: " + name + ": not UTF-8 text, skipped");
              } catch (IllegalArgumentException | IOException e) {
                failed++;
                System.err.println("firebreak: " + name + ": " + e.getMessage() + ", skipped");
              }
              if ((i + 1) % 25 == 0 || i + 1 == files.size()) {
                out.printf(
                    "%d/%d files: %d imported, %d unchanged, %d skipped%n",
                    i + 1, files.size(), imported, unchanged, failed);
                out.flush();
              }
            }
            if (files.isEmpty()) {
              out.println("no *.md files under " + directory);
            }
            return failed == 0 ? 0 : 1;
          });
    }

    /** The same text, embedded by the same model, is there already. */
    private static boolean alreadyRemembered(IncidentMemory memory, MemoryDocument document) {
      return memory
          .get(document.id())
          .filter(remembered -> remembered.model().equals(MiniLmEmbedder.MODEL))
          .filter(remembered -> remembered.document().text().equals(document.text()))
          .filter(remembered -> remembered.document().title().equals(document.title()))
          .isPresent();
    }
  }

  /** Embeds every remembered incident and postmortem again and writes them to every index. */
  @Command(
      name = "reindex",
      mixinStandardHelpOptions = true,
      description =
          "Embed every incident and imported postmortem again and write it to the vector index"
              + " (after a model change, or into a new or emptied Chroma). Prints the last incident"
              + " done; --after resumes from there.")
  static final class Reindex implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
        names = "--after",
        paramLabel = "ID",
        description = "Resume: only incidents with a lower id (they are done newest first).")
    Long after;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      return withMemory(
          (store, memory) -> {
            int done = 0;
            Long cursor = after;
            while (true) {
              Page<Incident> page =
                  store
                      .incidents()
                      .list(new IncidentQuery(null, null, null, null, null, null, cursor, 200));
              for (Incident incident : page.items()) {
                memory.indexer().index(incident.id());
                done++;
                if (done % 50 == 0) {
                  out.printf("%d incidents reindexed, last incident %d%n", done, incident.id());
                  out.flush();
                }
              }
              if (page.nextCursor() == null) {
                break;
              }
              cursor = page.nextCursor();
            }
            List<MemoryDocument> imported = new ArrayList<>();
            store
                .memory()
                .forEach(
                    remembered -> {
                      if (remembered.document().incidentId() == null) {
                        imported.add(remembered.document());
                      }
                    });
            for (MemoryDocument document : imported) {
              memory.indexer().index(document);
            }
            out.printf(
                "%d incidents and %d imported postmortems reindexed%n", done, imported.size());
            out.flush();
            return 0;
          });
    }
  }

  interface MemoryWork {
    int run(JdbcIncidentStore store, Memory memory) throws IOException;
  }

  private static int withMemory(MemoryWork work) {
    System.setProperty("firebreak.log.level", "WARN");
    GatewayConfig config;
    try {
      config = ConfigLoader.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("firebreak: configuration error: " + e.getMessage());
      return 2;
    }
    if (!config.memory().enabled()) {
      System.err.println("firebreak: incident memory is off (FIREBREAK_MEMORY=off)");
      return 2;
    }
    try (JdbcIncidentStore store =
        JdbcIncidentStore.open(config.databaseUrl(), config.databasePoolSize())) {
      store.migrate();
      Optional<Memory> memory = Gateway.memory(config, store, Clock.systemUTC());
      try (Memory on = memory.orElseThrow()) {
        return work.run(store, on);
      }
    } catch (IOException e) {
      System.err.println("firebreak: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      System.err.println("firebreak: " + e.getMessage());
      return 1;
    }
  }
}
