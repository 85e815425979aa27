package dev.firebreak.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.notify.EscalationPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the response file ({@code FIREBREAK_RESPONSE_FILE}): the settings that have structure,
 * bound once into records and checked at start. Unknown fields are errors (a misspelt key must
 * not silently fall back to a default), and every error names the file, the line and the field.
 * {@code ${NAME}} is replaced by the environment variable NAME, so credentials stay in the
 * environment.
 */
final class ResponseFileReader {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern PAGE_AFTER = Pattern.compile("(\\d+)(s|m|h)");

  /** The file as written. Every section is optional. */
  record ResponseFile(Escalation escalation, RemediationText remediation) {}

  record RemediationText(
      Boolean enabled,
      @JsonProperty("dry_run") Boolean dryRun,
      @JsonProperty("auto_approve_up_to") String autoApproveUpTo,
      @JsonProperty("approval_ttl") String approvalTtl,
      List<String> approvers,
      LimitsText limits,
      SelectorText namespaces,
      SelectorText deployments,
      VerifyText verification,
      Map<String, RunbookText> runbooks,
      List<PlaybookText> playbooks) {}

  record LimitsText(
      @JsonProperty("actions_per_service_per_hour") Integer actionsPerServicePerHour,
      @JsonProperty("max_scale_step") Integer maxScaleStep,
      @JsonProperty("max_replicas_added") Integer maxReplicasAdded,
      @JsonProperty("once_within") String onceWithin) {}

  record SelectorText(List<String> allow, List<String> deny) {}

  record VerifyText(
      String query,
      @JsonProperty("fails_when") String failsWhen,
      @JsonProperty("initial_delay") String initialDelay,
      String interval,
      Integer count,
      @JsonProperty("failure_limit") Integer failureLimit,
      @JsonProperty("inconclusive_limit") Integer inconclusiveLimit,
      @JsonProperty("consecutive_error_limit") Integer consecutiveErrorLimit,
      @JsonProperty("no_data") String noData) {}

  record RunbookText(
      String url,
      @JsonProperty("rollback_url") String rollbackUrl,
      String secret,
      String timeout,
      Boolean plans) {}

  record PlaybookText(
      String name, MatchText match, List<String> approvers, List<ActionText> actions) {}

  record MatchText(
      List<String> causes,
      List<String> services,
      Map<String, String> labels,
      @JsonProperty("min_confidence") Double minConfidence) {}

  record ActionText(String kind, String risk, Map<String, String> parameters, VerifyText verify) {}

  record Escalation(
      @JsonProperty("call_below_confidence") Double callBelowConfidence,
      @JsonProperty("remediation_attempts") Integer remediationAttempts,
      Map<String, RuleText> severities,
      PagerDutySection pagerduty,
      SlackSection slack,
      Map<String, ServiceText> services) {}

  record RuleText(String page, Boolean slack) {}

  record PagerDutySection(@JsonProperty("routing_keys") Map<String, String> routingKeys) {}

  record SlackSection(String channel, Map<String, String> users) {}

  record ServiceText(
      String pagerduty,
      @JsonProperty("slack_channel") String slackChannel,
      Map<String, RuleText> severities) {}

  /** What the file and the environment settle for notifications. */
  record Result(
      EscalationPolicy policy, Map<String, Secret> routingKeys, Map<String, String> slackUsers) {}

  private final Path path;
  private final Map<String, String> environment;
  private YamlLines lines = YamlLines.of("");

  ResponseFileReader(Path path, Map<String, String> environment) {
    this.path = path;
    this.environment = environment;
  }

  ResponseFile read() {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          Setting.RESPONSE_FILE.key() + "=" + path + ": cannot be read (" + e + ")");
    }
    String expanded = expand(text);
    lines = YamlLines.of(expanded);
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    try {
      ResponseFile file = yaml.readValue(expanded, ResponseFile.class);
      return file == null ? new ResponseFile(null, null) : file;
    } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
      throw error(
          e.getLocation(),
          field(e),
          "unknown field (known: "
              + e.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", "))
              + ")");
    } catch (JsonMappingException e) {
      throw error(e.getLocation(), field(e), e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw error(e.getLocation(), "", e.getOriginalMessage());
    }
  }

  /** The policy from the file (or the defaults) with the channels the environment configures. */
  static Result settle(
      Optional<ResponseFile> file,
      Optional<Secret> defaultRoutingKey,
      Optional<String> slackChannel,
      String source) {
    Escalation escalation = file.map(ResponseFile::escalation).orElse(null);
    Map<String, Secret> routingKeys = new LinkedHashMap<>();
    defaultRoutingKey.ifPresent(key -> routingKeys.put("default", key));
    Map<String, String> slackUsers = Map.of();
    Map<Severity, EscalationPolicy.Rule> rules = EscalationPolicy.defaultRules();
    double callBelow = 0.5;
    int attempts = 1;
    Map<String, EscalationPolicy.ServiceOverride> services = new LinkedHashMap<>();
    Optional<String> channel = slackChannel;
    if (escalation != null) {
      if (escalation.callBelowConfidence() != null) {
        callBelow = escalation.callBelowConfidence();
        if (!(callBelow >= 0 && callBelow <= 1)) {
          throw new ConfigException(
              source + ": escalation.call_below_confidence: expected a number from 0 to 1");
        }
      }
      if (escalation.remediationAttempts() != null) {
        attempts = escalation.remediationAttempts();
        if (attempts < 0 || attempts > 100) {
          throw new ConfigException(
              source + ": escalation.remediation_attempts: expected 0 to 100");
        }
      }
      rules.putAll(rules(escalation.severities(), rules, source + ": escalation.severities"));
      if (escalation.pagerduty() != null && escalation.pagerduty().routingKeys() != null) {
        for (Map.Entry<String, String> key : escalation.pagerduty().routingKeys().entrySet()) {
          if (key.getValue() == null || key.getValue().isBlank()) {
            throw new ConfigException(
                source
                    + ": escalation.pagerduty.routing_keys."
                    + key.getKey()
                    + ": empty (is its environment variable set?)");
          }
          routingKeys.put(key.getKey(), Secret.of(key.getValue().trim()));
        }
      }
      if (escalation.slack() != null) {
        if (escalation.slack().channel() != null && channel.isEmpty()) {
          channel = Optional.of(escalation.slack().channel());
        }
        if (escalation.slack().users() != null) {
          slackUsers = Map.copyOf(escalation.slack().users());
        }
      }
      if (escalation.services() != null) {
        for (Map.Entry<String, ServiceText> service : escalation.services().entrySet()) {
          String where = source + ": escalation.services." + service.getKey();
          ServiceText text = service.getValue();
          if (text == null) {
            continue;
          }
          if (text.pagerduty() != null && !routingKeys.containsKey(text.pagerduty())) {
            throw new ConfigException(
                where
                    + ".pagerduty: no routing key named "
                    + text.pagerduty()
                    + " (known: "
                    + String.join(", ", routingKeys.keySet())
                    + ")");
          }
          services.put(
              service.getKey(),
              new EscalationPolicy.ServiceOverride(
                  rules(text.severities(), rules, where + ".severities"),
                  Optional.ofNullable(text.pagerduty()),
                  Optional.ofNullable(text.slackChannel())));
        }
      }
    }
    Optional<String> routingKey =
        routingKeys.containsKey("default") ? Optional.of("default") : Optional.empty();
    return new Result(
        new EscalationPolicy(rules, callBelow, attempts, routingKey, channel, services),
        routingKeys,
        slackUsers);
  }

  private static Map<Severity, EscalationPolicy.Rule> rules(
      Map<String, RuleText> texts, Map<Severity, EscalationPolicy.Rule> base, String where) {
    Map<Severity, EscalationPolicy.Rule> rules = new EnumMap<>(Severity.class);
    if (texts == null) {
      return rules;
    }
    for (Map.Entry<String, RuleText> entry : texts.entrySet()) {
      Severity severity;
      try {
        severity = Severity.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            where
                + "."
                + entry.getKey()
                + ": not a severity (expected "
                + List.of(Severity.values()).stream()
                    .map(Severity::wireName)
                    .collect(Collectors.joining(", "))
                + ")");
      }
      RuleText text = entry.getValue() == null ? new RuleText(null, null) : entry.getValue();
      EscalationPolicy.Rule fallback = base.get(severity);
      Optional<Duration> page =
          text.page() == null
              ? fallback.pageAfter()
              : page(text.page(), where + "." + entry.getKey());
      boolean slack = text.slack() == null ? fallback.slack() : text.slack();
      rules.put(severity, new EscalationPolicy.Rule(page, slack));
    }
    return rules;
  }

  private static Optional<Duration> page(String text, String where) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("now")) {
      return Optional.of(Duration.ZERO);
    }
    if (value.equals("never")) {
      return Optional.empty();
    }
    return Optional.of(duration(value, where + ".page", "now, never or a delay such as 5m"));
  }

  /** {@code 30s}, {@code 5m}, {@code 1h}. */
  static Duration duration(String text, String where, String expected) {
    Matcher matcher = PAGE_AFTER.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new ConfigException(where + ": " + text + ": expected " + expected);
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private String expand(String text) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int line = 0; line < lines.length; line++) {
      // Comments are left as written: they may mention ${NAME} as documentation.
      String code = lines[line];
      String comment = "";
      int hash = code.trim().startsWith("#") ? code.indexOf('#') : code.indexOf(" #");
      if (hash >= 0) {
        comment = code.substring(hash);
        code = code.substring(0, hash);
      }
      Matcher matcher = VARIABLE.matcher(code);
      StringBuilder expanded = new StringBuilder();
      while (matcher.find()) {
        String value = environment.get(matcher.group(1));
        if (value == null) {
          throw new ConfigException(
              path
                  + ":"
                  + (line + 1)
                  + ": ${"
                  + matcher.group(1)
                  + "} is not set in the environment");
        }
        matcher.appendReplacement(expanded, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(expanded);
      out.append(expanded).append(comment);
      if (line < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /**
   * A check made after binding ({@code <file>: <field>: what}) with the line of that field
   * added, as binding errors have it.
   */
  ConfigException locate(ConfigException e) {
    String prefix = path + ": ";
    String message = e.getMessage();
    if (message == null || !message.startsWith(prefix)) {
      return e;
    }
    String rest = message.substring(prefix.length());
    int end = rest.indexOf(": ");
    String field = end < 0 ? rest : rest.substring(0, end);
    return lines
        .lineOf(field)
        .map(line -> new ConfigException(path + ":" + line + ": " + rest))
        .orElse(e);
  }

  private ConfigException error(JsonLocation location, String field, String message) {
    String line = location == null ? "" : ":" + location.getLineNr();
    // The parser's message may quote the value, which can be an expanded credential.
    String said = message == null ? "invalid" : message.replaceAll("\"[^\"]{17,}\"", "\"…\"");
    return new ConfigException(
        path + line + (field.isEmpty() ? "" : ": " + field) + ": " + firstLine(said));
  }

  private static String field(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
