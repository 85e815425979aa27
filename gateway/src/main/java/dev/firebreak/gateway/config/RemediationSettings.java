package dev.firebreak.gateway.config;

import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Measurement;
import dev.firebreak.analysis.model.Risk;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.remediate.Playbook;
import dev.firebreak.analysis.remediate.Playbooks;
import dev.firebreak.analysis.remediate.RemediationPolicy;
import dev.firebreak.gateway.config.ResponseFileReader.ActionText;
import dev.firebreak.gateway.config.ResponseFileReader.PlaybookText;
import dev.firebreak.gateway.config.ResponseFileReader.RemediationText;
import dev.firebreak.gateway.config.ResponseFileReader.RunbookText;
import dev.firebreak.gateway.config.ResponseFileReader.SelectorText;
import dev.firebreak.gateway.config.ResponseFileReader.VerifyText;
import dev.firebreak.integrations.runbook.RunbookSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code remediation} section of the response file, checked and bound: the policy, the
 * playbooks (the documented defaults unless the file lists its own) and the runbook services.
 * Every error names the file and the field.
 */
final class RemediationSettings {

  private RemediationSettings() {}

  static GatewayConfig.RemediationConfig settle(
      Optional<RemediationText> section,
      int maxActionsPerIncident,
      Optional<String> kubeconfig,
      Duration callTimeout,
      String source) {
    RemediationPolicy defaults = RemediationPolicy.defaults();
    if (section.isEmpty()) {
      return new GatewayConfig.RemediationConfig(
          withPerIncident(defaults, maxActionsPerIncident),
          Playbooks.defaults(),
          List.of(),
          kubeconfig,
          callTimeout);
    }
    RemediationText text = section.get();
    String where = source + ": remediation";
    Risk autoRisk =
        text.autoApproveUpTo() == null
            ? defaults.autoRisk()
            : enumValue(Risk.class, text.autoApproveUpTo(), where + ".auto_approve_up_to");
    var limits = text.limits();
    RemediationPolicy policy =
        new RemediationPolicy(
            text.enabled() == null ? defaults.enabled() : text.enabled(),
            text.dryRun() == null ? defaults.dryRun() : text.dryRun(),
            autoRisk,
            maxActionsPerIncident,
            limits == null || limits.actionsPerServicePerHour() == null
                ? defaults.maxActionsPerServicePerHour()
                : bounded(
                    limits.actionsPerServicePerHour(),
                    0,
                    1000,
                    where + ".limits.actions_per_service_per_hour"),
            limits == null || limits.maxScaleStep() == null
                ? defaults.maxScaleStep()
                : bounded(limits.maxScaleStep(), 1, 1000, where + ".limits.max_scale_step"),
            limits == null || limits.maxReplicasAdded() == null
                ? defaults.maxReplicasAdded()
                : bounded(
                    limits.maxReplicasAdded(), 1, 10_000, where + ".limits.max_replicas_added"),
            selector(text.namespaces(), defaults.namespaces()),
            selector(text.deployments(), defaults.deployments()),
            limits == null || limits.onceWithin() == null
                ? defaults.onceWithin()
                : ResponseFileReader.duration(
                    limits.onceWithin(), where + ".limits.once_within", "a duration such as 30m"),
            text.approvalTtl() == null
                ? defaults.approvalTtl()
                : ResponseFileReader.duration(
                    text.approvalTtl(), where + ".approval_ttl", "a duration such as 15m"));
    Playbook.VerifySettings verify =
        verify(text.verification(), Playbook.VerifySettings.defaults(), where + ".verification");
    List<String> approvers = text.approvers() == null ? List.of() : List.copyOf(text.approvers());
    Playbooks playbooks =
        text.playbooks() == null
            ? withDefaults(Playbooks.defaults(), approvers, verify)
            : playbooks(text.playbooks(), approvers, verify, where + ".playbooks");
    List<RunbookSettings> runbooks = runbooks(text.runbooks(), where + ".runbooks");
    Set<String> named = runbooks.stream().map(RunbookSettings::name).collect(Collectors.toSet());
    for (Playbook playbook : playbooks.all()) {
      for (Playbook.Step step : playbook.actions()) {
        if (step.kind() == ActionKind.RUNBOOK
            && !named.contains(step.parameters().get("runbook"))) {
          throw new ConfigException(
              where
                  + ".playbooks."
                  + playbook.name()
                  + ": runbook "
                  + step.parameters().get("runbook")
                  + " is not among remediation.runbooks (known: "
                  + String.join(", ", named)
                  + ")");
        }
      }
    }
    return new GatewayConfig.RemediationConfig(
        policy, playbooks, runbooks, kubeconfig, callTimeout);
  }

  private static RemediationPolicy withPerIncident(RemediationPolicy policy, int perIncident) {
    return new RemediationPolicy(
        policy.enabled(),
        policy.dryRun(),
        policy.autoRisk(),
        perIncident,
        policy.maxActionsPerServicePerHour(),
        policy.maxScaleStep(),
        policy.maxReplicasAdded(),
        policy.namespaces(),
        policy.deployments(),
        policy.onceWithin(),
        policy.approvalTtl());
  }

  /** The default playbooks with the section's approvers and verification settings. */
  private static Playbooks withDefaults(
      Playbooks defaults, List<String> approvers, Playbook.VerifySettings verify) {
    List<Playbook> all = new ArrayList<>();
    for (Playbook playbook : defaults.all()) {
      List<Playbook.Step> steps =
          playbook.actions().stream()
              .map(step -> new Playbook.Step(step.kind(), step.risk(), step.parameters(), verify))
              .toList();
      all.add(new Playbook(playbook.name(), playbook.match(), steps, approvers));
    }
    return new Playbooks(all);
  }

  private static Playbooks playbooks(
      List<PlaybookText> texts,
      List<String> approvers,
      Playbook.VerifySettings verify,
      String where) {
    List<Playbook> all = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < texts.size(); i++) {
      PlaybookText text = texts.get(i);
      String at = where + "[" + i + "]";
      if (text == null || text.name() == null || text.name().isBlank()) {
        throw new ConfigException(at + ".name: every playbook needs a name");
      }
      at = where + "." + text.name();
      if (!names.add(text.name())) {
        throw new ConfigException(at + ": a second playbook of that name");
      }
      if (text.match() == null
          || text.match().causes() == null
          || text.match().causes().isEmpty()) {
        throw new ConfigException(at + ".match.causes: name at least one cause (" + causes() + ")");
      }
      Set<RootCause> causes = new LinkedHashSet<>();
      for (String cause : text.match().causes()) {
        causes.add(enumValue(RootCause.class, cause, at + ".match.causes"));
      }
      double minConfidence =
          text.match().minConfidence() == null
              ? Playbooks.DEFAULT_MIN_CONFIDENCE
              : text.match().minConfidence();
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        throw new ConfigException(at + ".match.min_confidence: expected a number from 0 to 1");
      }
      Playbook.Match match =
          new Playbook.Match(
              causes,
              text.match().services() == null ? Set.of() : Set.copyOf(text.match().services()),
              text.match().labels() == null ? Map.of() : text.match().labels(),
              minConfidence);
      List<Playbook.Step> steps = new ArrayList<>();
      List<ActionText> actions = text.actions() == null ? List.of() : text.actions();
      for (int a = 0; a < actions.size(); a++) {
        steps.add(step(actions.get(a), verify, at + ".actions[" + a + "]"));
      }
      all.add(
          new Playbook(
              text.name(),
              match,
              steps,
              text.approvers() == null ? approvers : List.copyOf(text.approvers())));
    }
    return new Playbooks(all);
  }

  private static Playbook.Step step(ActionText text, Playbook.VerifySettings verify, String at) {
    if (text == null || text.kind() == null) {
      throw new ConfigException(at + ".kind: expected one of " + names(ActionKind.values()));
    }
    ActionKind kind = enumValue(ActionKind.class, text.kind(), at + ".kind");
    Risk risk =
        text.risk() == null ? Risk.MEDIUM : enumValue(Risk.class, text.risk(), at + ".risk");
    Map<String, String> parameters = text.parameters() == null ? Map.of() : text.parameters();
    if (kind == ActionKind.RUNBOOK && !parameters.containsKey("runbook")) {
      throw new ConfigException(at + ".parameters.runbook: a runbook action names its runbook");
    }
    if (parameters.containsKey("step")) {
      try {
        if (Integer.parseInt(parameters.get("step")) < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(at + ".parameters.step: expected a whole number of at least 1");
      }
    }
    Playbook.VerifySettings settings = verify(text.verify(), verify, at + ".verify");
    if (settings.failsWhen().isPresent() && settings.query().isEmpty()) {
      throw new ConfigException(at + ".verify.fails_when: needs a query to compare");
    }
    return new Playbook.Step(kind, risk, parameters, settings);
  }

  private static Playbook.VerifySettings verify(
      VerifyText text, Playbook.VerifySettings base, String at) {
    if (text == null) {
      return base;
    }
    if (text.failsWhen() != null
        && !text.failsWhen()
            .trim()
            .matches("(>=|<=|==|!=|>|<)\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new ConfigException(
          at
              + ".fails_when: "
              + text.failsWhen()
              + ": expected a comparison with a number such as > 0.05");
    }
    return new Playbook.VerifySettings(
        text.query() == null ? base.query() : Optional.of(text.query()),
        text.failsWhen() == null ? base.failsWhen() : Optional.of(text.failsWhen()),
        text.initialDelay() == null
            ? base.initialDelay()
            : ResponseFileReader.duration(
                text.initialDelay(), at + ".initial_delay", "a duration such as 1m"),
        text.interval() == null
            ? base.interval()
            : ResponseFileReader.duration(
                text.interval(), at + ".interval", "a duration such as 30s"),
        text.count() == null ? base.count() : bounded(text.count(), 1, 1000, at + ".count"),
        text.failureLimit() == null
            ? base.failureLimit()
            : bounded(text.failureLimit(), 0, 1000, at + ".failure_limit"),
        text.inconclusiveLimit() == null
            ? base.inconclusiveLimit()
            : bounded(text.inconclusiveLimit(), 0, 1000, at + ".inconclusive_limit"),
        text.consecutiveErrorLimit() == null
            ? base.consecutiveErrorLimit()
            : bounded(text.consecutiveErrorLimit(), 0, 1000, at + ".consecutive_error_limit"),
        text.noData() == null
            ? base.noData()
            : enumValue(Measurement.Phase.class, text.noData(), at + ".no_data"));
  }

  private static List<RunbookSettings> runbooks(Map<String, RunbookText> texts, String where) {
    List<RunbookSettings> out = new ArrayList<>();
    if (texts == null) {
      return out;
    }
    for (Map.Entry<String, RunbookText> entry : texts.entrySet()) {
      String at = where + "." + entry.getKey();
      RunbookText text = entry.getValue();
      if (text == null || text.url() == null) {
        throw new ConfigException(at + ".url: a runbook needs the URL it is posted to");
      }
      URI url = url(text.url(), at + ".url");
      Optional<URI> rollback =
          Optional.ofNullable(text.rollbackUrl()).map(u -> url(u, at + ".rollback_url"));
      if (text.secret() == null || text.secret().isBlank()) {
        throw new ConfigException(
            at + ".secret: requests are signed; set it (from the environment: ${NAME})");
      }
      if (text.secret().trim().length() < 16) {
        throw new ConfigException(at + ".secret: shorter than 16 characters");
      }
      Duration timeout =
          text.timeout() == null
              ? Duration.ofSeconds(10)
              : ResponseFileReader.duration(
                  text.timeout(), at + ".timeout", "a duration such as 10s");
      out.add(
          new RunbookSettings(
              entry.getKey(),
              url,
              rollback,
              text.secret().trim().getBytes(StandardCharsets.UTF_8),
              timeout,
              Boolean.TRUE.equals(text.plans())));
    }
    return out;
  }

  private static URI url(String text, String at) {
    if (!text.startsWith("https://") && !text.startsWith("http://")) {
      throw new ConfigException(at + ": " + text + ": expected an http(s) URL");
    }
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": " + text + ": not a URL");
    }
  }

  private static RemediationPolicy.Selector selector(
      SelectorText text, RemediationPolicy.Selector base) {
    if (text == null) {
      return base;
    }
    return new RemediationPolicy.Selector(
        text.allow() == null ? base.allow() : text.allow(),
        text.deny() == null ? base.deny() : text.deny());
  }

  private static int bounded(int value, int min, int max, String at) {
    if (value < min || value > max) {
      throw new ConfigException(at + ": " + value + ": expected " + min + " to " + max);
    }
    return value;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String at) {
    try {
      return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          at + ": " + text + ": expected one of " + names(type.getEnumConstants()));
    }
  }

  private static String names(Enum<?>[] values) {
    return Arrays.stream(values)
        .map(value -> value.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static String causes() {
    return names(RootCause.values());
  }
}
