package dev.firebreak.gateway.config;

import dev.firebreak.analysis.diagnose.Redactor;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.integrations.llm.LlmSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the diagnosis settings: added rules and the language model. */
final class DiagnosisSettingsReader {

  private static final Pattern RULE_KEY =
      Pattern.compile("([a-z_]+)\\.(metrics\\.rising|metrics\\.falling|logs)(\\..+)?");

  private final ConfigLoader config;

  DiagnosisSettingsReader(ConfigLoader config) {
    this.config = config;
  }

  DiagnosisConfig read() {
    return new DiagnosisConfig(rules(), llm(), redact());
  }

  private List<DiagnosisConfig.RuleAddition> rules() {
    Optional<String> file = config.text(Setting.DIAGNOSIS_RULES_FILE);
    if (file.isEmpty()) {
      return List.of();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(file.get()))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(
          Setting.DIAGNOSIS_RULES_FILE.key()
              + ": cannot read "
              + file.get()
              + ": "
              + e.getMessage());
    }
    List<DiagnosisConfig.RuleAddition> rules = new ArrayList<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      var matcher = RULE_KEY.matcher(key);
      if (!matcher.matches()) {
        throw new ConfigException(
            file.get()
                + ": '"
                + key
                + "' is not CAUSE.metrics.rising…,"
                + " CAUSE.metrics.falling… or CAUSE.logs…");
      }
      RootCause cause;
      try {
        cause = RootCause.fromWireName(matcher.group(1));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file.get() + ": unknown cause '" + matcher.group(1) + "'");
      }
      String pattern = properties.getProperty(key).trim();
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(
            file.get()
                + ": "
                + key
                + " is not a valid regular"
                + " expression: "
                + e.getDescription());
      }
      rules.add(new DiagnosisConfig.RuleAddition(cause, matcher.group(2), pattern));
    }
    return rules;
  }

  private Optional<LlmSettings> llm() {
    Optional<String> provider = config.text(Setting.LLM_PROVIDER);
    if (provider.isEmpty()) {
      return Optional.empty();
    }
    LlmSettings.Provider parsed;
    try {
      parsed = LlmSettings.Provider.parse(provider.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          Setting.LLM_PROVIDER.key()
              + "="
              + provider.get()
              + ": expected openai, anthropic, gemini or ollama");
    }
    String model =
        config
            .text(Setting.LLM_MODEL)
            .orElseThrow(
                () ->
                    new ConfigException(
                        Setting.LLM_MODEL.key()
                            + " is required with "
                            + Setting.LLM_PROVIDER.key()));
    Optional<String> key = config.text(Setting.LLM_API_KEY);
    if (key.isEmpty()
        && parsed != LlmSettings.Provider.OLLAMA
        && config.text(Setting.LLM_URL).isEmpty()) {
      throw new ConfigException(
          Setting.LLM_API_KEY.key()
              + " is required for "
              + parsed.wireName()
              + " (or set "
              + Setting.LLM_URL.key()
              + " to a server that needs none)");
    }
    return Optional.of(
        new LlmSettings(
            parsed,
            config.text(Setting.LLM_URL).orElse(null),
            key.orElse(null),
            model,
            config.duration(Setting.LLM_TIMEOUT)));
  }

  private Set<Redactor.Kind> redact() {
    Set<Redactor.Kind> kinds = EnumSet.noneOf(Redactor.Kind.class);
    for (String item : config.list(Setting.LLM_REDACT)) {
      try {
        kinds.add(Redactor.Kind.valueOf(item.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            Setting.LLM_REDACT.key() + ": '" + item + "' is not secrets, emails or ips");
      }
    }
    return kinds;
  }
}
