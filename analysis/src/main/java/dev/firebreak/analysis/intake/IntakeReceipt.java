package dev.firebreak.analysis.intake;

/** What a committed submission changed: new signals and redelivered ones that were ignored. */
public record IntakeReceipt(int accepted, int duplicates) {}
