package dev.firebreak.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.firebreak.gateway.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.webhook.SlackSignature;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Button clicks from Slack: verified before they are read, allowed only for mapped users, and
 * mapped to the same acknowledgement as the API.
 */
class SlackInteractionsTest {

  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  @TempDir Path directory;
  WireMockServer slack;
  TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    slack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    slack.start();
    slack.stubFor(
        post(urlPathEqualTo("/response")).willReturn(aResponse().withStatus(200).withBody("ok")));
    Path file = directory.resolve("response.yaml");
    Files.writeString(
        file,
        """
        escalation:
          slack:
            users:
              U024CAROL: carol
        """);
    gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_API_WRITE_TOKEN",
                "writer",
                "FIREBREAK_ALERTMANAGER_TOKEN",
                "am",
                "FIREBREAK_SLACK_SIGNING_SECRET",
                SECRET,
                "FIREBREAK_RESPONSE_FILE",
                file.toString()));
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    gateway.postJson("/webhooks/alertmanager", body.toString(), "Authorization", "Bearer am");
    gateway.awaitCorrelated();
  }

  @AfterEach
  void stop() {
    gateway.close();
    slack.stop();
  }

  String click(String user) {
    String payload =
        "{\"type\":\"block_actions\",\"user\":{\"id\":\""
            + user
            + "\",\"username\":\"someone\"},\"response_url\":\""
            + slack.baseUrl()
            + "/response\",\"container\":{\"type\":\"message\",\"message_ts\":\"1767259200.000100\"},"
            + "\"actions\":[{\"action_id\":\"incident.acknowledge\",\"block_id\":\"incident:1\","
            + "\"type\":\"button\",\"value\":\"1\",\"action_ts\":\"1767259300.000200\"}]}";
    return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
  }

  HttpResponse<String> send(String body, long timestamp, String signature) {
    return gateway.post(
        "/webhooks/slack/interactions",
        body.getBytes(StandardCharsets.UTF_8),
        "Content-Type",
        "application/x-www-form-urlencoded",
        SlackSignature.TIMESTAMP,
        Long.toString(timestamp),
        SlackSignature.SIGNATURE,
        signature);
  }

  static String sign(long timestamp, String body) {
    return "v0="
        + HexFormat.of()
            .formatHex(
                new SlackSignature(Secret.of(SECRET))
                    .sign(Long.toString(timestamp), body.getBytes(StandardCharsets.UTF_8)));
  }

  String status() {
    return TestGateway.json(gateway.get("/api/incidents/1", "Authorization", "Bearer writer"))
        .get("status")
        .asText();
  }

  @Test
  void signedClick_fromAMappedUser_acknowledges_andARepeatChangesNothing() {
    String body = click("U024CAROL");
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> response = send(body, now, sign(now, body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(status()).isEqualTo("acknowledged");
    assertThat(gateway.get("/api/incidents/1", "Authorization", "Bearer writer").body())
        .contains("acknowledged by carol (Slack)");

    HttpResponse<String> replay = send(body, now, sign(now, body));
    assertThat(replay.statusCode()).isEqualTo(200);
    await(
        "the user to be told nothing changed",
        java.time.Duration.ofSeconds(10),
        () -> !slack.findAll(postRequestedFor(urlPathEqualTo("/response"))).isEmpty());
    JsonNode told =
        TestGateway.readTree(
            slack.findAll(postRequestedFor(urlPathEqualTo("/response"))).get(0).getBodyAsString());
    assertThat(told.get("response_type").asText()).isEqualTo("ephemeral");
    assertThat(told.get("text").asText()).startsWith("Nothing to do: incident 1 is acknowledged");
    long acknowledgements =
        gateway.store.incidents().detail(1).orElseThrow().timeline().stream()
            .filter(entry -> entry.kind() == dev.firebreak.analysis.model.TimelineKind.ACKNOWLEDGED)
            .count();
    assertThat(acknowledgements).isEqualTo(1);
  }

  @Test
  void missingWrongOrOldSignatures_get401_andChangeNothing() {
    String body = click("U024CAROL");
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> wrong = send(body, now, sign(now, body + "x"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(wrong).get("message").asText())
        .isEqualTo("X-Slack-Signature does not match the body");
    long old = now - 6 * 60;
    HttpResponse<String> stale = send(body, old, sign(old, body));
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(stale).get("message").asText()).contains("more than 5 minutes");
    HttpResponse<String> missing =
        gateway.post(
            "/webhooks/slack/interactions",
            body.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(missing.statusCode()).isEqualTo(401);
    HttpResponse<String> garbage = send("payload=%7Bnot", now, sign(now, "payload=%7Bnot"));
    assertThat(garbage.statusCode()).isEqualTo(400);
    String huge = "payload=" + "x".repeat(200_000);
    HttpResponse<String> tooLarge = send(huge, now, sign(now, huge));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(status()).isEqualTo("open");
    assertThat(wrong.body()).doesNotContain(SECRET);
  }

  @Test
  void aUserNotAllowed_isToldInSlack_andNothingChanges() {
    String body = click("U999MALLORY");
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> response = send(body, now, sign(now, body));
    assertThat(response.statusCode()).isEqualTo(200);
    await(
        "the refusal in Slack",
        java.time.Duration.ofSeconds(10),
        () -> !slack.findAll(postRequestedFor(urlPathEqualTo("/response"))).isEmpty());
    String told =
        slack.findAll(postRequestedFor(urlPathEqualTo("/response"))).get(0).getBodyAsString();
    assertThat(told)
        .contains("You may not acknowledge incidents from Slack")
        .contains("U999MALLORY");
    assertThat(status()).isEqualTo("open");
  }

  @Test
  void notificationsApi_needsTheApiToken() {
    assertThat(gateway.get("/api/incidents/1/notifications").statusCode()).isEqualTo(401);
    assertThat(gateway.post("/api/incidents/1/notifications/1/resend", new byte[0]).statusCode())
        .isEqualTo(401);
    assertThat(
            gateway.get("/api/incidents/1/notifications", "Authorization", "Bearer writer").body())
        .isEqualTo("{\"items\":[]}");
  }
}
