package dev.firebreak.analysis.port;

/**
 * Something with a connection to the outside. Implementations do no I/O when built, so the
 * gateway starts while a backend is down; {@link #check()} says how it is doing.
 */
public interface Component extends AutoCloseable {

  /** Tries the backend now and reports, without throwing. */
  CheckResult check();

  @Override
  void close();
}
