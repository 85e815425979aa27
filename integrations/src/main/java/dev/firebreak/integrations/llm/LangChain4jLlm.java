package dev.firebreak.integrations.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.analysis.port.Llm;
import dev.firebreak.integrations.http.SourceHttp;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link Llm} port on LangChain4j: OpenAI (and any OpenAI-compatible server through the
 * base URL), Anthropic, Gemini or Ollama. The answer is asked for with a JSON schema where the
 * provider takes one (OpenAI, Gemini, Ollama) and by instruction otherwise (Anthropic); either
 * way it is parsed here and anything else is an {@link Llm.LlmException}. No retries: a slow
 * model falls back to the rules instead of holding the investigation.
 */
public final class LangChain4jLlm implements Llm {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LlmSettings settings;
  private final ChatModel model;
  private final boolean schemaFormat;

  public LangChain4jLlm(LlmSettings settings) {
    this.settings = settings;
    this.model = build(settings);
    this.schemaFormat = settings.provider() != LlmSettings.Provider.ANTHROPIC;
  }

  private static ChatModel build(LlmSettings s) {
    return switch (s.provider()) {
      case OPENAI -> {
        var builder =
            OpenAiChatModel.builder()
                .apiKey(s.apiKey())
                .modelName(s.model())
                .timeout(s.timeout())
                .maxRetries(0)
                .strictJsonSchema(true);
        if (s.baseUrl() != null) {
          builder.baseUrl(s.baseUrl());
        }
        yield builder.build();
      }
      case ANTHROPIC -> {
        var builder =
            AnthropicChatModel.builder()
                .apiKey(s.apiKey())
                .modelName(s.model())
                .timeout(s.timeout())
                .maxRetries(0)
                .maxTokens(2048);
        if (s.baseUrl() != null) {
          builder.baseUrl(s.baseUrl());
        }
        yield builder.build();
      }
      case GEMINI -> {
        var builder =
            GoogleAiGeminiChatModel.builder()
                .apiKey(s.apiKey())
                .modelName(s.model())
                .timeout(s.timeout())
                .maxRetries(0);
        if (s.baseUrl() != null) {
          builder.baseUrl(s.baseUrl());
        }
        yield builder.build();
      }
      case OLLAMA ->
          OllamaChatModel.builder()
              .baseUrl(s.baseUrl() == null ? "http://localhost:11434" : s.baseUrl())
              .modelName(s.model())
              .timeout(s.timeout())
              .maxRetries(0)
              .build();
    };
  }

  @Override
  public String name() {
    return settings.provider().wireName() + "/" + settings.model();
  }

  @Override
  public List<ProposedHypothesis> propose(String system, String user) {
    ChatRequest.Builder request =
        ChatRequest.builder().messages(SystemMessage.from(system), UserMessage.from(user));
    if (schemaFormat) {
      request.responseFormat(
          ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema()).build());
    }
    String text;
    try {
      text = model.chat(request.build()).aiMessage().text();
    } catch (RuntimeException e) {
      throw new LlmException(clean(describe(e)), null);
    }
    return parse(text);
  }

  /** The answer's shape: {@code {"hypotheses": [{cause, service, confidence, …}]}}. */
  static JsonSchema schema() {
    List<String> causes = Arrays.stream(RootCause.values()).map(RootCause::wireName).toList();
    JsonObjectSchema hypothesis =
        JsonObjectSchema.builder()
            .addProperty("cause", JsonEnumSchema.builder().enumValues(causes).build())
            .addProperty("service", JsonStringSchema.builder().build())
            .addProperty("confidence", JsonNumberSchema.builder().build())
            .addProperty("explanation", JsonStringSchema.builder().build())
            .addProperty(
                "evidenceIds",
                JsonArraySchema.builder().items(JsonStringSchema.builder().build()).build())
            .required("cause", "service", "confidence", "explanation", "evidenceIds")
            .additionalProperties(false)
            .build();
    return JsonSchema.builder()
        .name("diagnosis")
        .rootElement(
            JsonObjectSchema.builder()
                .addProperty("hypotheses", JsonArraySchema.builder().items(hypothesis).build())
                .required("hypotheses")
                .additionalProperties(false)
                .build())
        .build();
  }

  /** Reads the answer, tolerating a Markdown code fence around the JSON. */
  static List<ProposedHypothesis> parse(String text) {
    if (text == null || text.isBlank()) {
      throw new LlmException("an empty answer", null);
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end < start) {
      throw new LlmException("an answer without JSON: " + SourceHttp.abbreviate(text), null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text.substring(start, end + 1));
    } catch (java.io.IOException e) {
      throw new LlmException("an answer that is not JSON: " + SourceHttp.abbreviate(text), null);
    }
    JsonNode list = root.get("hypotheses");
    if (list == null || !list.isArray()) {
      throw new LlmException("an answer without a \"hypotheses\" list", null);
    }
    List<ProposedHypothesis> proposed = new ArrayList<>();
    for (JsonNode item : list) {
      List<String> ids = new ArrayList<>();
      item.path("evidenceIds").forEach(id -> ids.add(id.asText()));
      JsonNode confidence = item.get("confidence");
      proposed.add(
          new ProposedHypothesis(
              item.path("cause").asText(null),
              item.path("service").asText(""),
              confidence != null && confidence.isNumber() ? confidence.asDouble() : Double.NaN,
              item.path("explanation").asText(""),
              ids));
    }
    return proposed;
  }

  private static String describe(RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String kind =
        root instanceof java.net.http.HttpTimeoutException
                || root instanceof java.util.concurrent.TimeoutException
                || root instanceof java.net.SocketTimeoutException
            ? "timed out"
            : "failed";
    return kind
        + ": "
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " " + SourceHttp.abbreviate(e.getMessage()));
  }

  /** Error texts may echo the request (Gemini puts the key in the URL): never the key. */
  private String clean(String message) {
    String key = settings.apiKey();
    return key == null || key.isEmpty() ? message : message.replace(key, "<secret>");
  }

  /** Calling the model costs money and time: the check says it is configured, no more. */
  @Override
  public CheckResult check() {
    return new CheckResult(true, name() + " configured (not called by checks)");
  }

  @Override
  public void close() {
    // LangChain4j's HTTP clients hold nothing that needs closing.
  }
}
