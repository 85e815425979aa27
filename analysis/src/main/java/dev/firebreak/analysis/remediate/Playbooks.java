package dev.firebreak.analysis.remediate;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.remediate.Playbook.Match;
import dev.firebreak.analysis.remediate.Playbook.Step;
import dev.firebreak.analysis.remediate.Playbook.VerifySettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The playbooks in order: the first that matches a diagnosis is the one used. */
public record Playbooks(List<Playbook> all) {

  /** The least confidence of the default playbooks, the escalation's default bar. */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  public Playbooks {
    all = List.copyOf(all);
  }

  /**
   * The documented defaults: a bad deploy is undone (medium risk), a leak restarted (low), a
   * surge or saturation scaled up one step (low), an exhausted connection pool restarted
   * (medium); a dependency down, a full disk or an expiring certificate escalate only.
   */
  public static Playbooks defaults() {
    VerifySettings verify = VerifySettings.defaults();
    return new Playbooks(
        List.of(
            playbook(
                "bad-deploy", RootCause.BAD_DEPLOY, ActionKind.ROLLOUT_UNDO, Risk.MEDIUM, verify),
            playbook("memory-leak", RootCause.MEMORY_LEAK, ActionKind.RESTART, Risk.LOW, verify),
            new Playbook(
                "scale-up",
                new Match(
                    java.util.Set.of(RootCause.TRAFFIC_SURGE, RootCause.RESOURCE_SATURATION),
                    java.util.Set.of(),
                    Map.of(),
                    DEFAULT_MIN_CONFIDENCE),
                List.of(new Step(ActionKind.SCALE, Risk.LOW, Map.of("step", "1"), verify)),
                List.of()),
            playbook(
                "connection-pool",
                RootCause.CONNECTION_POOL_EXHAUSTION,
                ActionKind.RESTART,
                Risk.MEDIUM,
                verify),
            escalateOnly("dependency-down", RootCause.DEPENDENCY_DOWN),
            escalateOnly("disk-full", RootCause.DISK_FULL),
            escalateOnly("certificate-expiry", RootCause.CERTIFICATE_EXPIRY)));
  }

  private static Playbook playbook(
      String name, RootCause cause, ActionKind kind, Risk risk, VerifySettings verify) {
    return new Playbook(
        name,
        Match.cause(cause, DEFAULT_MIN_CONFIDENCE),
        List.of(new Step(kind, risk, Map.of(), verify)),
        List.of());
  }

  private static Playbook escalateOnly(String name, RootCause cause) {
    return new Playbook(name, Match.cause(cause, DEFAULT_MIN_CONFIDENCE), List.of(), List.of());
  }

  public Optional<Playbook> match(Hypothesis top, Incident incident) {
    return all.stream().filter(playbook -> playbook.match().matches(top, incident)).findFirst();
  }

  /** Whether some playbook acts (not only escalates) on {@code cause}. */
  public boolean actsOn(RootCause cause) {
    return all.stream()
        .anyMatch(
            playbook -> !playbook.escalatesOnly() && playbook.match().causes().contains(cause));
  }

  public Optional<Playbook> named(String name) {
    return all.stream().filter(playbook -> playbook.name().equals(name)).findFirst();
  }
}
