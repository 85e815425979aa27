package dev.firebreak.analysis.model;

import java.time.Instant;

/**
 * One line of an action's audit trail: who or what moved it to which state, when, and why.
 *
 * @param actor {@code firebreak} for the gateway's own steps, else the person's name
 */
public record ActionRecord(Instant at, String actor, ActionState state, String detail) {}
