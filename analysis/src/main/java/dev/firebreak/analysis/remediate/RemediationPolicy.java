package dev.firebreak.analysis.remediate;

import dev.firebreak.analysis.model.Risk;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bounds every remediation action stays within.
 *
 * @param enabled off is the kill switch from the response file (a running gateway is paused
 *     through the API)
 * @param dryRun plan only, change nothing: the default until configured otherwise
 * @param autoRisk the highest risk that runs without an approval
 * @param maxActionsPerIncident automatic actions on one incident before people take over
 * @param maxActionsPerServicePerHour actions on one service in any hour, across incidents
 * @param maxScaleStep the most replicas one scale action adds
 * @param maxReplicasAdded the most replicas scaling adds to a deployment over an incident
 * @param onceWithin the least time between two actions for the same service and cause on
 *     different incidents
 * @param approvalTtl how long an approval is awaited before it expires
 */
public record RemediationPolicy(
    boolean enabled,
    boolean dryRun,
    Risk autoRisk,
    int maxActionsPerIncident,
    int maxActionsPerServicePerHour,
    int maxScaleStep,
    int maxReplicasAdded,
    Selector namespaces,
    Selector deployments,
    Duration onceWithin,
    Duration approvalTtl) {

  public static RemediationPolicy defaults() {
    return new RemediationPolicy(
        true,
        true,
        Risk.LOW,
        1,
        3,
        2,
        4,
        new Selector(List.of(), List.of("kube-system")),
        Selector.ALL,
        Duration.ofMinutes(30),
        Duration.ofMinutes(15));
  }

  /**
   * Allow and deny lists of names, with {@code *} as a wildcard: a name is allowed when it
   * matches an allow pattern (or the list is empty) and no deny pattern.
   */
  public record Selector(List<String> allow, List<String> deny) {

    public static final Selector ALL = new Selector(List.of(), List.of());

    public Selector {
      allow = List.copyOf(allow);
      deny = List.copyOf(deny);
    }

    public boolean admits(String name) {
      boolean allowed = allow.isEmpty() || allow.stream().anyMatch(glob -> matches(glob, name));
      return allowed && deny.stream().noneMatch(glob -> matches(glob, name));
    }

    private static boolean matches(String glob, String name) {
      StringBuilder regex = new StringBuilder();
      for (String part : glob.split("\\*", -1)) {
        if (regex.length() > 0) {
          regex.append(".*");
        }
        regex.append(Pattern.quote(part));
      }
      return name.matches(regex.toString());
    }
  }
}
