package dev.firebreak.integrations.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.firebreak.analysis.diagnose.LlmRefiner;
import dev.firebreak.analysis.diagnose.Redactor;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.LogLine;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The language-model step against WireMock answering as OpenAI's chat completions and
 * Anthropic's messages APIs do: good answers are used, claims citing unknown evidence are
 * dropped, malformed answers and timeouts fall back to the rules, and what is sent is redacted.
 */
class LlmRefinerTest {

  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final String KEY = "sk-test-0123456789abcdef";
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static Incident incident() {
    return new Incident(
        3,
        "payments failing; db password=hunter2 seen by alice@example.com" + " on 10.1.2.3",
        IncidentStatus.OPEN,
        Severity.HIGH,
        "payments",
        Map.of("service", "payments"),
        EnumSet.of(Source.ALERTMANAGER),
        T0,
        T0,
        T0,
        null,
        null,
        1);
  }

  private static Evidence evidence() {
    MetricSeries pending =
        new MetricSeries(
            "metric:1",
            "discovered",
            "hikaricp_connections_pending",
            "hikaricp_connections_pending",
            Map.of("pool", "HikariPool-1"),
            List.of(new Sample(T0, 0), new Sample(T0.plusSeconds(60), 40)));
    LogLine line =
        new LogLine(
            "log:1",
            T0.plusSeconds(30),
            "error",
            "Connection is not available, request timed out after 30000ms",
            Map.of());
    return new Evidence(
        3,
        1,
        T0.plusSeconds(120),
        new TimeWindow(T0.minusSeconds(1800), T0.plusSeconds(120)),
        List.of(),
        List.of(pending),
        List.of(line),
        List.of());
  }

  private static Diagnosis rules() {
    return new Diagnosis(
        3,
        1,
        T0.plusSeconds(120),
        "rules",
        List.of(new MetricAnomaly("metric:1", "hikaricp_connections_pending", T0, 0.9, 1, 0, 40)),
        List.of(
            new LogPattern(
                "auth failed for bob@corp.example token=abcd1234efgh",
                "error",
                0,
                12,
                T0,
                true,
                List.of("log:1"))),
        List.of(),
        List.of(new Hypothesis(RootCause.UNKNOWN, "payments", 0.3, "no rule", List.of("metric:1"))),
        Severity.HIGH,
        List.of());
  }

  private LlmRefiner openAi(Duration timeout) {
    return new LlmRefiner(
        new LangChain4jLlm(
            new LlmSettings(
                LlmSettings.Provider.OPENAI,
                server.baseUrl() + "/v1",
                KEY,
                "gpt-4o-mini",
                timeout)),
        Redactor.all());
  }

  private void openAiAnswers(String content, int delayMillis) {
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withFixedDelay(delayMillis)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"id":"chatcmpl-9x","object":"chat.completion","created":1772355600,
             "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":
             "assistant","content":%s,"refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":812,"completion_tokens":96,"total_tokens":908},
             "system_fingerprint":"fp_0ba0d124f1"}"""
                            .formatted(TextNode.valueOf(content)))));
  }

  @Test
  void openAi_goodAnswerIsUsedAndAskedForWithTheSchema() {
    openAiAnswers(
        "{\"hypotheses\":[{\"cause\":\"connection_pool_exhaustion\",\"service\":"
            + "\"payments\",\"confidence\":0.86,\"explanation\":\"pending connections rose to 40"
            + " and requests time out waiting for the pool\",\"evidenceIds\":[\"metric:1\","
            + "\"log:1\"]}]}",
        0);
    Diagnosis refined = openAi(Duration.ofSeconds(5)).refine(rules(), incident(), evidence());
    assertThat(refined.method()).isEqualTo("llm");
    assertThat(refined.hypotheses())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.cause()).isEqualTo(RootCause.CONNECTION_POOL_EXHAUSTION);
              assertThat(h.confidence()).isEqualTo(0.86);
              assertThat(h.evidenceIds()).containsExactly("metric:1", "log:1");
            });
    server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
            .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
            .withRequestBody(
                matchingJsonPath(
                    "$.response_format.json_schema.schema.properties" + ".hypotheses")));
  }

  @Test
  void openAi_claimsCitingUnknownEvidenceAreDropped() {
    openAiAnswers(
        "{\"hypotheses\":[{\"cause\":\"bad_deploy\",\"service\":\"payments\","
            + "\"confidence\":0.9,\"explanation\":\"a deploy\",\"evidenceIds\":[\"metric:99\"]},"
            + "{\"cause\":\"dependency_down\",\"service\":\"db\",\"confidence\":0.5,"
            + "\"explanation\":\"half made up\",\"evidenceIds\":[\"log:1\",\"trace:7\"]},"
            + "{\"cause\":\"connection_pool_exhaustion\",\"service\":\"payments\",\"confidence\":"
            + "0.7,\"explanation\":\"pool\",\"evidenceIds\":[\"metric:1\"]}]}",
        0);
    Diagnosis refined = openAi(Duration.ofSeconds(5)).refine(rules(), incident(), evidence());
    assertThat(refined.hypotheses())
        .extracting(Hypothesis::cause)
        .containsExactly(RootCause.CONNECTION_POOL_EXHAUSTION);
    assertThat(refined.notes()).anyMatch(note -> note.contains("2 claims dropped"));
  }

  @Test
  void openAi_malformedAnswerOrTimeoutFallsBackToTheRules() {
    openAiAnswers("I think it is the database.", 0);
    Diagnosis malformed = openAi(Duration.ofSeconds(5)).refine(rules(), incident(), evidence());
    assertThat(malformed.method()).isEqualTo("rules");
    assertThat(malformed.hypotheses()).isEqualTo(rules().hypotheses());
    assertThat(malformed.notes()).anyMatch(note -> note.contains("without JSON"));

    server.resetAll();
    openAiAnswers("{\"hypotheses\":[]}", 3000);
    Diagnosis slow = openAi(Duration.ofMillis(500)).refine(rules(), incident(), evidence());
    assertThat(slow.method()).isEqualTo("rules");
    assertThat(slow.notes()).anyMatch(note -> note.contains("timed out") && !note.contains(KEY));

    server.resetAll();
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                            + "\"code\":\"rate_limit_exceeded\"}}")));
    Diagnosis limited = openAi(Duration.ofSeconds(5)).refine(rules(), incident(), evidence());
    assertThat(limited.method()).isEqualTo("rules");
  }

  @Test
  void prompt_isRedactedBeforeItLeaves() {
    openAiAnswers("{\"hypotheses\":[]}", 0);
    openAi(Duration.ofSeconds(5)).refine(rules(), incident(), evidence());
    LoggedRequest request =
        server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
    String body = request.getBodyAsString();
    assertThat(body)
        .doesNotContain("hunter2")
        .doesNotContain("alice@example.com")
        .doesNotContain("10.1.2.3")
        .doesNotContain("bob@corp.example")
        .doesNotContain("abcd1234efgh")
        .contains("<secret>")
        .contains("<email>")
        .contains("<ip>")
        .contains("metric:1")
        .contains("hikaricp_connections_pending");
  }

  @Test
  void anthropic_answerInTheMessagesFormatIsUsed() {
    server.stubFor(
        post(urlEqualTo("/v1/messages"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
             "model":"claude-3-5-haiku-20241022","content":[{"type":"text","text":%s}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":780,"output_tokens":88}}"""
                            .formatted(
                                TextNode.valueOf(
                                    "```json\\n{\"hypotheses\":[{\"cause\":\"connection_pool_exhaustion\","
                                        + "\"service\":\"payments\",\"confidence\":0.8,\"explanation\":\"pool\","
                                        + "\"evidenceIds\":[\"log:1\"]}]}\\n```")))));
    LlmRefiner refiner =
        new LlmRefiner(
            new LangChain4jLlm(
                new LlmSettings(
                    LlmSettings.Provider.ANTHROPIC,
                    server.baseUrl() + "/v1/",
                    KEY,
                    "claude-3-5-haiku-latest",
                    Duration.ofSeconds(5))),
            Redactor.all());
    Diagnosis refined = refiner.refine(rules(), incident(), evidence());
    assertThat(refined.method()).isEqualTo("llm");
    assertThat(refined.hypotheses().get(0).cause()).isEqualTo(RootCause.CONNECTION_POOL_EXHAUSTION);
    server.verify(
        postRequestedFor(urlEqualTo("/v1/messages"))
            .withHeader("x-api-key", equalTo(KEY))
            .withRequestBody(matchingJsonPath("$.model", equalTo("claude-3-5-haiku-latest"))));
  }
}
