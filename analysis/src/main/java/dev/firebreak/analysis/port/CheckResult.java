package dev.firebreak.analysis.port;

/** The health of a component, as shown by {@code /ready}. */
public record CheckResult(boolean ok, String detail) {

  public static final CheckResult OK = new CheckResult(true, "ok");

  public static CheckResult failed(String detail) {
    return new CheckResult(false, detail);
  }
}
