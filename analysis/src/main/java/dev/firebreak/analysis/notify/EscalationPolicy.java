package dev.firebreak.analysis.notify;

import dev.firebreak.analysis.model.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who hears of an incident, on which channel and when: a rule per severity, overridden per
 * service, and the conditions that call a person at once.
 *
 * @param rules what each severity does
 * @param callBelowConfidence a diagnosis whose top cause is less sure than this calls a person
 *     at once (a scheduled page goes out now)
 * @param remediationAttempts automatic fixes allowed before a person is called
 * @param routingKey the PagerDuty routing-key name pages go to, if PagerDuty is configured
 * @param slackChannel the Slack channel messages go to, if Slack is configured
 * @param services overrides per service name
 */
public record EscalationPolicy(
    Map<Severity, Rule> rules,
    double callBelowConfidence,
    int remediationAttempts,
    Optional<String> routingKey,
    Optional<String> slackChannel,
    Map<String, ServiceOverride> services) {

  public EscalationPolicy {
    rules = Map.copyOf(rules);
    services = Map.copyOf(services);
    for (Severity severity : Severity.values()) {
      if (!rules.containsKey(severity)) {
        throw new IllegalArgumentException("no escalation rule for " + severity.wireName());
      }
    }
  }

  /**
   * What one severity does.
   *
   * @param pageAfter empty: never paged; zero: paged at once; else paged after this long unless
   *     acknowledged or resolved first
   * @param slack whether the incident gets a Slack message
   */
  public record Rule(Optional<Duration> pageAfter, boolean slack) {

    public boolean pages() {
      return pageAfter.isPresent();
    }

    public String describe() {
      String page =
          pageAfter.isEmpty()
              ? "never pages"
              : pageAfter.get().isZero()
                  ? "pages at once"
                  : "pages after " + Durations.words(pageAfter.get()) + " unless handled";
      return page + (slack ? ", posts to Slack" : "");
    }
  }

  /** A service's own channels and rules; empty fields keep the defaults. */
  public record ServiceOverride(
      Map<Severity, Rule> rules, Optional<String> routingKey, Optional<String> slackChannel) {
    public ServiceOverride {
      rules = Map.copyOf(rules);
    }
  }

  /**
   * The defaults: critical pages at once, high after five minutes unless handled, warning
   * posts to Slack only, info stays on the timeline; a diagnosis below 0.5 calls a person.
   */
  public static EscalationPolicy defaults(
      Optional<String> routingKey, Optional<String> slackChannel) {
    return new EscalationPolicy(defaultRules(), 0.5, 1, routingKey, slackChannel, Map.of());
  }

  public static Map<Severity, Rule> defaultRules() {
    Map<Severity, Rule> rules = new EnumMap<>(Severity.class);
    rules.put(Severity.CRITICAL, new Rule(Optional.of(Duration.ZERO), true));
    rules.put(Severity.HIGH, new Rule(Optional.of(Duration.ofMinutes(5)), true));
    rules.put(Severity.WARNING, new Rule(Optional.empty(), true));
    rules.put(Severity.INFO, new Rule(Optional.empty(), false));
    return rules;
  }

  public Rule rule(String service, Severity severity) {
    ServiceOverride override = services.get(service);
    if (override != null && override.rules().containsKey(severity)) {
      return override.rules().get(severity);
    }
    return rules.get(severity);
  }

  public Optional<String> routingKey(String service) {
    ServiceOverride override = services.get(service);
    return override != null && override.routingKey().isPresent()
        ? override.routingKey()
        : routingKey;
  }

  public Optional<String> slackChannel(String service) {
    ServiceOverride override = services.get(service);
    return override != null && override.slackChannel().isPresent()
        ? override.slackChannel()
        : slackChannel;
  }
}
