package dev.firebreak.integrations.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which language model refines diagnoses.
 *
 * @param baseUrl the provider's API root, or null for the provider's public endpoint (set it
 *     for any OpenAI-compatible server: vLLM, LM Studio, Azure-style proxies)
 * @param apiKey null for none (Ollama)
 */
public record LlmSettings(
    Provider provider, String baseUrl, String apiKey, String model, Duration timeout) {

  /** The supported providers. */
  public enum Provider {
    OPENAI,
    ANTHROPIC,
    GEMINI,
    OLLAMA;

    public static Provider parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LlmSettings {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "LlmSettings["
        + provider.wireName()
        + "/"
        + model
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "set")
        + ", timeout="
        + timeout
        + "]";
  }
}
