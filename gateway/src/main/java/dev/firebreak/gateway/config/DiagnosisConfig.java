package dev.firebreak.gateway.config;

import dev.firebreak.analysis.diagnose.Redactor;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.integrations.llm.LlmSettings;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How diagnoses are made: rules added by configuration, and the optional language model with
 * what is redacted before it sees anything.
 */
public record DiagnosisConfig(
    List<RuleAddition> rules, Optional<LlmSettings> llm, Set<Redactor.Kind> redact) {

  /** One configured pattern for a cause. */
  public record RuleAddition(RootCause cause, String kind, String pattern) {}

  public DiagnosisConfig {
    rules = List.copyOf(rules);
    redact = Set.copyOf(redact);
  }
}
