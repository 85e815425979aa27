package dev.firebreak.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real Chroma server started by the project's {@code scripts/chroma-server}. */
final class ChromaProcess implements AutoCloseable {

  private final int port;
  private final Path data;
  private String pid;

  ChromaProcess(Path data) {
    this(Repository.freePort(), data);
  }

  ChromaProcess(int port, Path data) {
    this.port = port;
    this.data = data;
  }

  ChromaProcess start() {
    pid = run("start", String.valueOf(port), data.toString());
    return this;
  }

  /** Stops the server and starts it again on the same port and data. */
  ChromaProcess restart() {
    stop();
    return start();
  }

  void stop() {
    if (pid != null) {
      run("stop", pid);
      pid = null;
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  private static String run(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = Repository.root().resolve("scripts/chroma-server").toString();
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("scripts/chroma-server " + args[0] + " timed out");
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new IllegalStateException("scripts/chroma-server " + args[0] + " failed: " + output);
      }
      String[] lines = output.split("\n");
      return lines[lines.length - 1].strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
