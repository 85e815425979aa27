package dev.firebreak.integrations.runbook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.port.ActionExecutor.ActionException;
import dev.firebreak.analysis.port.ActionExecutor.ActionRequest;
import dev.firebreak.analysis.port.ActionExecutor.Observed;
import dev.firebreak.analysis.port.ActionExecutor.Plan;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runbook executor against a WireMock runbook service: signature, retries, timeout. */
class RunbookExecutorTest {

  private static final byte[] SECRET = "s3cret-runbook-key".getBytes(StandardCharsets.UTF_8);

  private WireMockServer server;
  private OkHttpClient http;

  @BeforeEach
  void start() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    http = new OkHttpClient();
  }

  @AfterEach
  void stop() {
    server.stop();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private RunbookExecutor executor(Duration timeout, boolean plans) {
    return new RunbookExecutor(
        List.of(
            new RunbookSettings(
                "restart-db",
                URI.create(server.baseUrl() + "/hooks/restart-db"),
                Optional.of(URI.create(server.baseUrl() + "/hooks/restart-db/undo")),
                SECRET,
                timeout,
                plans)),
        http,
        Clock.systemUTC());
  }

  private static ActionRequest request() {
    Incident incident =
        new Incident(
            42,
            "DB connections exhausted",
            IncidentStatus.OPEN,
            Severity.HIGH,
            "orders",
            Map.of("service", "orders"),
            Set.of(Source.ALERTMANAGER),
            Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T10:00:00Z"),
            null,
            null,
            1);
    return new ActionRequest(
        9,
        ActionKind.RUNBOOK,
        "restart-db",
        Map.of("runbook", "restart-db", "pool", "primary"),
        incident,
        Optional.empty());
  }

  @Test
  void execute_postsTheIncidentSignedOverTimestampAndBody_withAnIdempotencyKey() throws Exception {
    server.stubFor(
        post(urlEqualTo("/hooks/restart-db"))
            .willReturn(aResponse().withStatus(202).withBody("job 77 queued")));
    String answer = executor(Duration.ofSeconds(5), false).execute(request(), Map.of());
    assertThat(answer).isEqualTo("job 77 queued");

    LoggedRequest sent = server.findAll(postRequestedFor(urlEqualTo("/hooks/restart-db"))).get(0);
    String timestamp = sent.getHeader(RunbookExecutor.TIMESTAMP);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(sent.getBody()));
    assertThat(sent.getHeader(RunbookExecutor.SIGNATURE)).isEqualTo(expected);
    assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(60);
    assertThat(sent.getHeader("Idempotency-Key")).isEqualTo("firebreak-action-9-execute");
    server.verify(
        postRequestedFor(urlEqualTo("/hooks/restart-db"))
            .withRequestBody(matchingJsonPath("$.phase", equalTo("execute")))
            .withRequestBody(matchingJsonPath("$.incident.id", equalTo("42")))
            .withRequestBody(matchingJsonPath("$.parameters.pool", equalTo("primary"))));
    assertThat(sent.getBodyAsString()).doesNotContain("s3cret");
  }

  @Test
  void execute_retriesA5xx_andA4xxIsFinal() {
    server.stubFor(
        post(urlEqualTo("/hooks/restart-db"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("busy"))
            .willSetStateTo("up"));
    server.stubFor(
        post(urlEqualTo("/hooks/restart-db"))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200).withBody("done")));
    assertThat(executor(Duration.ofSeconds(5), false).execute(request(), Map.of()))
        .isEqualTo("done");
    server.verify(2, postRequestedFor(urlEqualTo("/hooks/restart-db")));

    server.resetAll();
    server.stubFor(
        post(urlEqualTo("/hooks/restart-db"))
            .willReturn(aResponse().withStatus(403).withBody("bad signature")));
    assertThatThrownBy(() -> executor(Duration.ofSeconds(5), false).execute(request(), Map.of()))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.permanent()).isTrue();
              assertThat(e.getMessage()).contains("403").contains("bad signature");
            });
    server.verify(1, postRequestedFor(urlEqualTo("/hooks/restart-db")));
  }

  @Test
  void aServiceSlowerThanTheTimeoutIsATransientFailure_afterItsAttempts() {
    server.stubFor(
        post(urlEqualTo("/hooks/restart-db"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
    assertThatThrownBy(() -> executor(Duration.ofMillis(300), false).execute(request(), Map.of()))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.permanent()).isFalse();
              assertThat(e.getMessage()).contains("after 3 attempts");
            });
  }

  @Test
  void rollbackGoesToItsOwnUrl_planIsUnknownUnlessTheServicePlans_andARunCannotBeObserved() {
    server.stubFor(
        post(urlEqualTo("/hooks/restart-db/undo"))
            .willReturn(aResponse().withStatus(200).withBody("undone")));
    server.stubFor(
        post(urlEqualTo("/hooks/restart-db"))
            .willReturn(aResponse().withStatus(200).withBody("would restart 3 pools")));
    RunbookExecutor blind = executor(Duration.ofSeconds(5), false);
    assertThat(blind.rollback(request(), Map.of())).isEqualTo("undone");
    assertThat(blind.plan(request()).outcome()).isEqualTo(Plan.Outcome.UNKNOWN);
    assertThat(blind.observe(request(), Map.of())).isEqualTo(Observed.UNKNOWN);
    Plan planned = executor(Duration.ofSeconds(5), true).plan(request());
    assertThat(planned.outcome()).isEqualTo(Plan.Outcome.CHANGES);
    assertThat(planned.diff()).isEqualTo("would restart 3 pools");
    server.verify(
        postRequestedFor(urlEqualTo("/hooks/restart-db"))
            .withRequestBody(matchingJsonPath("$.phase", equalTo("plan"))));
    assertThat(executor(Duration.ofSeconds(5), false).toString()).doesNotContain("s3cret");
  }
}
