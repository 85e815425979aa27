package dev.firebreak.analysis.port;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Something that changes the world to fix an incident: the Kubernetes API, a runbook service.
 * Every call names the action, so an executor can make its calls idempotent; {@link #observe}
 * tells, after a crash between recording "executing" and recording the outcome, whether the
 * call went through.
 */
public interface ActionExecutor extends Component {

  /** The kinds of action this executor runs. */
  Set<ActionKind> kinds();

  /**
   * What the action would change, by a server-side dry-run where the backend has one. Changes
   * nothing.
   */
  Plan plan(ActionRequest request);

  /**
   * Reads what a rollback of the action would restore, just before it runs, with anything the
   * action must fix in advance to be recognised later (a restart's timestamp).
   */
  Map<String, String> snapshot(ActionRequest request);

  /**
   * Runs the action; returns what the backend answered, as a person reads it.
   *
   * @throws ActionException when it did not run
   */
  String execute(ActionRequest request, Map<String, String> prior);

  /** Whether an action recorded as executing went through (read from the backend's state). */
  Observed observe(ActionRequest request, Map<String, String> prior);

  /**
   * Puts things back as {@code prior} recorded them; returns what the backend answered.
   *
   * @throws ActionException when it could not
   */
  String rollback(ActionRequest request, Map<String, String> prior);

  /**
   * One action as an executor sees it.
   *
   * @param target {@code namespace/name} for Kubernetes, the runbook's name for a runbook
   * @param cause the diagnosis's top cause, for runbooks that want it
   */
  record ActionRequest(
      long actionId,
      ActionKind kind,
      String target,
      Map<String, String> parameters,
      Incident incident,
      Optional<Hypothesis> cause) {

    public ActionRequest {
      parameters = Map.copyOf(parameters);
    }

    public String parameter(String name, String fallback) {
      return parameters.getOrDefault(name, fallback);
    }
  }

  /**
   * A dry-run's answer.
   *
   * @param diff what would change, line by line ({@code spec.replicas: 3 → 4})
   */
  record Plan(Outcome outcome, String diff) {

    public enum Outcome {
      /** The backend accepted the dry-run; {@code diff} says what would change. */
      CHANGES,
      /** Nothing would change. */
      NOOP,
      /**
       * The backend could not dry-run it (an admission webhook that is not dry-run safe, a
       * runbook): what it would do is unknown, so a person approves it.
       */
      UNKNOWN,
      /** It must not run: {@code diff} says why. */
      REFUSED
    }

    public static Plan changes(String diff) {
      return new Plan(Outcome.CHANGES, diff);
    }

    public static Plan refused(String why) {
      return new Plan(Outcome.REFUSED, why);
    }
  }

  /** What the backend's state says of an action recorded as executing. */
  enum Observed {
    RAN,
    NOT_RAN,
    /** The backend cannot tell (a runbook): people are asked rather than running it twice. */
    UNKNOWN
  }

  /** An action did not run (or did not roll back). */
  final class ActionException extends RuntimeException {
    private final boolean permanent;

    /**
     * @param permanent whether trying again cannot help (refused by the API, not found) as
     *     opposed to a timeout or a 5xx
     */
    public ActionException(String message, boolean permanent, Throwable cause) {
      super(message, cause);
      this.permanent = permanent;
    }

    public ActionException(String message, boolean permanent) {
      this(message, permanent, null);
    }

    public boolean permanent() {
      return permanent;
    }
  }
}
