package dev.firebreak.analysis.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One remediation step proposed for an incident, with everything needed to run, verify and undo
 * it, and where it stands.
 *
 * @param run the investigation run whose diagnosis proposed it
 * @param target what it acts on: {@code namespace/deployment}, {@code namespace/pod} or a
 *     runbook's name
 * @param dryRun whether the policy only plans (the default until configured otherwise)
 * @param plan what the server-side dry-run said would change, as shown to approvers
 * @param prior what rollback restores, read from the cluster just before the action ran
 * @param approvers who may approve; empty means nobody may
 * @param answeredBy who approved, rejected, kept or undid it
 * @param expiresAt when an awaited answer expires
 * @param outcome the last thing that happened, as a person reads it
 */
public record RemediationAction(
    long id,
    long incidentId,
    int run,
    String playbook,
    int step,
    ActionKind kind,
    String target,
    Risk risk,
    Map<String, String> parameters,
    ActionState state,
    boolean dryRun,
    String plan,
    Map<String, String> prior,
    List<String> approvers,
    Optional<Verification> verification,
    List<Measurement> measurements,
    String answeredBy,
    Instant expiresAt,
    String outcome,
    Instant createdAt,
    Instant updatedAt) {

  public RemediationAction {
    parameters = Map.copyOf(parameters);
    prior = Map.copyOf(prior);
    approvers = List.copyOf(approvers);
    measurements = List.copyOf(measurements);
  }

  /** The work-queue subject of this action's steps. */
  public static String subject(long id) {
    return "action/" + id;
  }

  public static long idOf(String subject) {
    if (!subject.startsWith("action/")) {
      throw new IllegalArgumentException("not an action subject: " + subject);
    }
    return Long.parseLong(subject.substring("action/".length()));
  }

  /** The action as one line: {@code scale shop/checkout (low)}. */
  public String describe() {
    return kind.wireName() + " " + target + " (" + risk.wireName() + " risk)";
  }
}
