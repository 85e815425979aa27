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
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation and notifications against PagerDuty's Events API v2 and Slack's Web API as
 * WireMock answers them (bodies from the vendors' documentation): what is sent, to whom, in
 * which order, and what becomes of refusals, throttling and outages.
 */
class NotificationsTest {

  static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";
  static final String[] WRITE = {"Authorization", "Bearer writer"};
  static final String POSTED =
      "{\"ok\":true,\"channel\":\"C0INCIDENTS\",\"ts\":\"1767259200.000100\","
          + "\"message\":{\"text\":\"x\"}}";
  static final String ACCEPTED =
      "{\"status\":\"success\",\"message\":\"Event processed\","
          + "\"dedup_key\":\"firebreak-incident-1\"}";

  @TempDir Path directory;
  WireMockServer vendor;
  TestGateway gateway;

  @BeforeEach
  void vendor() {
    vendor = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    vendor.start();
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
    vendor.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .willReturn(aResponse().withStatus(200).withBody(POSTED)));
    vendor.stubFor(
        post(urlPathEqualTo("/api/chat.update"))
            .willReturn(aResponse().withStatus(200).withBody(POSTED)));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    vendor.stop();
  }

  TestGateway start(String responseFile) throws IOException {
    return start(responseFile, Map.of());
  }

  TestGateway start(String responseFile, Map<String, String> more) throws IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put("FIREBREAK_API_WRITE_TOKEN", "writer");
    settings.put("FIREBREAK_ALERTMANAGER_TOKEN", "am");
    settings.put("FIREBREAK_PAGERDUTY_ROUTING_KEY", ROUTING_KEY);
    settings.put("FIREBREAK_PAGERDUTY_EVENTS_URL", vendor.baseUrl() + "/v2/enqueue");
    settings.put("FIREBREAK_SLACK_BOT_TOKEN", "xoxb-test-token");
    settings.put("FIREBREAK_SLACK_API_URL", vendor.baseUrl() + "/api/");
    settings.put("FIREBREAK_SLACK_CHANNEL", "C0INCIDENTS");
    settings.put("FIREBREAK_PUBLIC_URL", "https://firebreak.example.test");
    settings.put("FIREBREAK_NOTIFY_RETRY_FIRST", "100ms");
    settings.put("FIREBREAK_NOTIFY_RETRY_MAX", "200ms");
    settings.put("FIREBREAK_NOTIFY_ATTEMPTS", "5");
    if (responseFile != null) {
      Path file = directory.resolve("response.yaml");
      Files.writeString(file, responseFile);
      settings.put("FIREBREAK_RESPONSE_FILE", file.toString());
    }
    settings.putAll(more);
    settings.values().removeIf(String::isEmpty);
    gateway = TestGateway.start(directory, settings);
    return gateway;
  }

  /** An Alertmanager group firing for {@code service} at {@code severity}. */
  void fire(String alertname, String severity) {
    fire(alertname, severity, "checkout");
  }

  void fire(String alertname, String severity, String service) {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    body.put("groupKey", "{}:{alertname=\"" + alertname + "\"}");
    for (JsonNode alert : body.get("alerts")) {
      ((ObjectNode) alert).put("fingerprint", alert.get("fingerprint").asText() + alertname);
      // The captured alerts started long ago; a page scheduled minutes after they opened would
      // already be due.
      ((ObjectNode) alert).put("startsAt", java.time.Instant.now().toString());
      ((ObjectNode) alert.get("labels")).put("alertname", alertname);
      ((ObjectNode) alert.get("labels")).put("severity", severity);
      ((ObjectNode) alert.get("labels")).put("service", service);
    }
    HttpResponse<String> response =
        gateway.postJson("/webhooks/alertmanager", body.toString(), "Authorization", "Bearer am");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    gateway.awaitCorrelated();
  }

  List<JsonNode> received(String path) {
    List<JsonNode> bodies = new ArrayList<>();
    for (LoggedRequest request : vendor.findAll(postRequestedFor(urlPathEqualTo(path)))) {
      bodies.add(TestGateway.readTree(request.getBodyAsString()));
    }
    return bodies;
  }

  JsonNode notifications(long incident) {
    HttpResponse<String> response =
        gateway.get("/api/incidents/" + incident + "/notifications", WRITE);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestGateway.json(response).get("items");
  }

  /** Whether every notification of the incident has settled, and none is left to deliver. */
  boolean settled(long incident) {
    JsonNode items = notifications(incident);
    if (items.isEmpty()) {
      return false;
    }
    for (JsonNode item : items) {
      String state = item.get("state").asText();
      if (state.equals("pending") || state.equals("failed")) {
        return false;
      }
    }
    return true;
  }

  List<String> states(long incident, String channel) {
    List<String> states = new ArrayList<>();
    for (JsonNode item : notifications(incident)) {
      if (item.get("channel").asText().equals(channel)) {
        states.add(item.get("action").asText() + ":" + item.get("state").asText());
      }
    }
    return states;
  }

  String timeline(long incident) {
    return gateway.get("/api/incidents/" + incident, WRITE).body();
  }

  @Test
  void critical_pagesAtOnce_andFollowsTheIncidentToResolve_onePagerDutyAlertOneSlackMessage()
      throws IOException {
    start(null);
    fire("CheckoutDown", "critical");
    await("a page and a Slack message", Duration.ofSeconds(20), () -> settled(1));

    List<JsonNode> pages = received("/v2/enqueue");
    assertThat(pages).hasSize(1);
    JsonNode trigger = pages.get(0);
    assertThat(trigger.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
    assertThat(trigger.get("dedup_key").asText()).isEqualTo("firebreak-incident-1");
    assertThat(trigger.get("dedup_key").asText().length()).isLessThanOrEqualTo(255);
    JsonNode payload = trigger.get("payload");
    assertThat(payload.get("summary").asText())
        .contains("Checkout 5xx ratio")
        .hasSizeLessThan(1025);
    assertThat(payload.get("severity").asText()).isEqualTo("critical");
    assertThat(payload.get("source").asText()).isNotBlank();
    assertThat(payload.get("timestamp").asText()).endsWith("Z");
    assertThat(payload.get("custom_details").get("firebreak_incident").asLong()).isEqualTo(1);
    assertThat(payload.get("custom_details").get("why_paged").asText())
        .isEqualTo("paged: critical pages at once, posts to Slack");
    assertThat(trigger.get("client_url").asText())
        .isEqualTo("https://firebreak.example.test/api/incidents/1");
    assertThat(trigger.get("links").get(0).get("href").asText())
        .isEqualTo("https://firebreak.example.test/api/incidents/1");

    List<JsonNode> posts =
        received("/api/chat.postMessage").stream().filter(body -> !body.has("thread_ts")).toList();
    assertThat(posts).as("one message per incident").hasSize(1);
    JsonNode message = posts.get(0);
    assertThat(message.get("channel").asText()).isEqualTo("C0INCIDENTS");
    assertThat(message.has("thread_ts")).isFalse();
    assertThat(message.get("text").asText()).contains("[critical] Incident 1");
    BlockKitLimits.check(message.get("blocks"));
    assertThat(message.get("blocks").toString()).contains("incident.acknowledge");
    assertThat(
            vendor
                .findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")))
                .get(0)
                .getHeader("Authorization"))
        .isEqualTo("Bearer xoxb-test-token");
    assertThat(timeline(1)).contains("paging PagerDuty (default): critical pages at once");

    HttpResponse<String> resolved =
        gateway.postJson("/api/incidents/1/resolve", "{\"by\":\"alice\"}", WRITE);
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    await(
        "the resolve to reach PagerDuty and Slack",
        Duration.ofSeconds(20),
        () ->
            received("/v2/enqueue").size() == 2
                && settled(1)
                && received("/api/chat.update").toString().contains("*Status*\\nresolved"));
    JsonNode resolve = received("/v2/enqueue").get(1);
    assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.get("dedup_key").asText()).isEqualTo("firebreak-incident-1");
    assertThat(resolve.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(resolve.has("payload")).isFalse();

    List<JsonNode> updates = received("/api/chat.update");
    JsonNode update = updates.get(updates.size() - 1);
    assertThat(update.get("channel").asText()).isEqualTo("C0INCIDENTS");
    assertThat(update.get("ts").asText()).isEqualTo("1767259200.000100");
    assertThat(update.get("blocks").toString())
        .contains("resolved")
        .doesNotContain("incident.acknowledge");
    BlockKitLimits.check(update.get("blocks"));
    List<JsonNode> replies =
        received("/api/chat.postMessage").stream().filter(body -> body.has("thread_ts")).toList();
    assertThat(replies).isNotEmpty();
    assertThat(replies.get(0).get("thread_ts").asText()).isEqualTo("1767259200.000100");
    assertThat(replies.toString()).contains("resolved by hand by alice");
    assertThat(received("/api/chat.postMessage").stream().filter(body -> !body.has("thread_ts")))
        .as("one message per incident")
        .hasSize(1);
    assertThat(states(1, "pagerduty")).containsExactly("trigger:sent", "resolve:sent");
  }

  @Test
  void pagerDuty400_isRecordedAndNotRetried_untilResentFromTheApi() throws IOException {
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                            + "\"errors\":[\"'payload.summary' is missing or blank\"]}")));
    start(null);
    fire("CheckoutDown", "critical");
    await(
        "the page to give up",
        Duration.ofSeconds(20),
        () -> states(1, "pagerduty").equals(List.of("trigger:gave_up")));
    assertThat(received("/v2/enqueue")).hasSize(1);
    JsonNode page = findAction(notifications(1), "trigger");
    assertThat(page.get("lastError").asText())
        .startsWith("400: ")
        .contains("'payload.summary' is missing or blank");
    assertThat(page.get("attempts").asInt()).isEqualTo(1);
    assertThat(timeline(1)).contains("pagerduty trigger to default gave up: 400");
    assertThat(gateway.get("/metrics").body())
        .contains("firebreak_notifications{channel=\"pagerduty\",state=\"gave_up\"} 1.0");

    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
    long id = page.get("id").asLong();
    HttpResponse<String> resent =
        gateway.post("/api/incidents/1/notifications/" + id + "/resend", new byte[0], WRITE);
    assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
    await(
        "the re-sent page",
        Duration.ofSeconds(20),
        () -> states(1, "pagerduty").equals(List.of("trigger:sent")));
    assertThat(received("/v2/enqueue")).hasSize(2);
    HttpResponse<String> again =
        gateway.post("/api/incidents/1/notifications/" + id + "/resend", new byte[0], WRITE);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(TestGateway.json(again).get("message").asText())
        .isEqualTo("notification " + id + " is sent; only one that gave up can be re-sent");
  }

  @Test
  void pagerDuty429_5xx_andNetworkErrors_areRetried_theSameEventEachTime() throws IOException {
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withBody("{\"status\":\"throttled\"}"))
            .willSetStateTo("503"));
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .inScenario("flaky")
            .whenScenarioStateIs("503")
            .willReturn(aResponse().withStatus(503).withBody("unavailable"))
            .willSetStateTo("reset"));
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .inScenario("flaky")
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
    start(null);
    fire("CheckoutDown", "critical");
    await(
        "the page after three failures",
        Duration.ofSeconds(30),
        () -> states(1, "pagerduty").equals(List.of("trigger:sent")));
    List<JsonNode> pages = received("/v2/enqueue");
    assertThat(pages).hasSize(4);
    assertThat(pages)
        .allSatisfy(
            page -> assertThat(page.get("dedup_key").asText()).isEqualTo("firebreak-incident-1"));
    assertThat(findAction(notifications(1), "trigger").get("attempts").asInt()).isEqualTo(4);
  }

  @Test
  void slackOkFalse_isAnErrorShownAndNotRetried_andRetryAfterIsHonoured() throws IOException {
    vendor.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
    start(null);
    fire("CheckoutDown", "critical");
    await("the Slack messages to give up", Duration.ofSeconds(20), () -> settled(1));
    JsonNode post = findAction(notifications(1), "post");
    assertThat(post.get("state").asText()).isEqualTo("gave_up");
    assertThat(post.get("lastError").asText()).isEqualTo("chat.postMessage: channel_not_found");
    int attempts = 0;
    for (JsonNode item : notifications(1)) {
      if (item.get("channel").asText().equals("slack")) {
        assertThat(item.get("state").asText()).isEqualTo("gave_up");
        assertThat(item.get("attempts").asInt()).as("never retried").isEqualTo(1);
        attempts++;
      }
    }
    assertThat(received("/api/chat.postMessage")).hasSize(attempts);

    vendor.resetRequests();
    vendor.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("ok"));
    vendor.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .inScenario("limited")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(POSTED)));
    HttpResponse<String> resent =
        gateway.post(
            "/api/incidents/1/notifications/" + post.get("id").asLong() + "/resend",
            new byte[0],
            WRITE);
    assertThat(resent.statusCode()).isEqualTo(202);
    await(
        "the message after Retry-After",
        Duration.ofSeconds(20),
        () -> states(1, "slack").contains("post:sent"));
    List<LoggedRequest> tries =
        vendor.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    assertThat(tries).hasSizeGreaterThanOrEqualTo(2);
    long waited = tries.get(1).getLoggedDate().getTime() - tries.get(0).getLoggedDate().getTime();
    assertThat(waited).as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(950);
  }

  private static JsonNode findAction(JsonNode items, String action) {
    for (JsonNode item : items) {
      if (item.get("action").asText().equals(action)) {
        return item;
      }
    }
    throw new AssertionError("no " + action + " in " + items);
  }

  @Test
  void high_schedulesThePage_andAnAcknowledgementBeforeItIsDueCancelsIt() throws IOException {
    start(
        """
        escalation:
          severities:
            high: {page: 1h}
        """);
    fire("CheckoutSlow", "error");
    await(
        "the scheduled page",
        Duration.ofSeconds(20),
        () -> states(1, "pagerduty").equals(List.of("trigger:pending")));
    assertThat(timeline(1))
        .contains("will be paged at")
        .contains("unless the incident is acknowledged or resolved first");
    HttpResponse<String> ack =
        gateway.postJson("/api/incidents/1/acknowledge", "{\"by\":\"bob\"}", WRITE);
    assertThat(ack.statusCode()).isEqualTo(200);
    await(
        "the page to be cancelled",
        Duration.ofSeconds(20),
        () -> states(1, "pagerduty").equals(List.of("trigger:cancelled")));
    assertThat(received("/v2/enqueue")).isEmpty();
    assertThat(timeline(1))
        .contains("scheduled PagerDuty page cancelled: acknowledged before it was due");
  }

  @Test
  void high_isPagedWhenItsDelayPasses_unhandled() throws IOException {
    start(
        """
        escalation:
          severities:
            high: {page: 1s}
        """);
    fire("CheckoutSlow", "error");
    await(
        "the page after its delay",
        Duration.ofSeconds(20),
        () -> states(1, "pagerduty").equals(List.of("trigger:sent")));
    JsonNode page = received("/v2/enqueue").get(0);
    assertThat(page.get("payload").get("severity").asText()).isEqualTo("error");
    JsonNode row = findAction(notifications(1), "trigger");
    assertThat(java.time.Instant.parse(row.get("sentAt").asText()))
        .isAfterOrEqualTo(java.time.Instant.parse(row.get("dueAt").asText()));
  }

  @Test
  void warning_postsToSlackOnly_andInfoStaysOnTheTimeline() throws IOException {
    start(null);
    fire("DiskFilling", "warning");
    // Another service: about checkout it would join the warning's incident.
    fire("BuildInfo", "info", "build-agent");
    await("the warning's Slack message", Duration.ofSeconds(20), () -> settled(1));
    assertThat(states(1, "pagerduty")).isEmpty();
    assertThat(states(1, "slack"))
        .startsWith("post:sent")
        .allMatch(state -> state.endsWith(":sent"));
    assertThat(notifications(2)).isEmpty();
    assertThat(received("/v2/enqueue")).isEmpty();
  }

  @Test
  void anIncidentFromPagerDuty_isNeverPagedBackToPagerDuty() throws IOException {
    start(null, Map.of("FIREBREAK_PAGERDUTY_SECRETS", "pd-signing-secret"));
    String body = Fixtures.pagerDuty("pd-loop-1", "incident.triggered", "triggered");
    HttpResponse<String> response =
        gateway.postJson(
            "/webhooks/pagerduty",
            body,
            "X-PagerDuty-Signature",
            dev.firebreak.gateway.webhook.TestSigner.sign(
                dev.firebreak.gateway.config.Secret.of("pd-signing-secret"),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    gateway.awaitCorrelated();
    await("the Slack message", Duration.ofSeconds(20), () -> settled(1));
    assertThat(states(1, "pagerduty")).isEmpty();
    assertThat(states(1, "slack")).startsWith("post:sent");
    assertThat(received("/v2/enqueue")).isEmpty();
  }

  @Test
  void aChannelSlowerThanTheTimeout_isAFailedAttempt_triedAgain() throws IOException {
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .inScenario("slow")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(202).withBody(ACCEPTED).withFixedDelay(3000))
            .willSetStateTo("fast"));
    vendor.stubFor(
        post(urlPathEqualTo("/v2/enqueue"))
            .inScenario("slow")
            .whenScenarioStateIs("fast")
            .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
    start(null, Map.of("FIREBREAK_NOTIFY_TIMEOUT", "500ms"));
    fire("CheckoutDown", "critical");
    await(
        "the page after a timeout",
        Duration.ofSeconds(20),
        () -> states(1, "pagerduty").equals(List.of("trigger:sent")));
    assertThat(findAction(notifications(1), "trigger").get("attempts").asInt()).isEqualTo(2);
    assertThat(received("/v2/enqueue")).hasSize(2);
  }

  @Test
  void anIncomingWebhook_postsEachStepAsItsOwnMessage_withoutButtons() throws IOException {
    vendor.stubFor(
        post(urlPathEqualTo("/services/T000/B000/XXXX"))
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    Map<String, String> webhook = new HashMap<>();
    webhook.put("FIREBREAK_SLACK_BOT_TOKEN", "");
    webhook.put("FIREBREAK_SLACK_CHANNEL", "");
    webhook.put("FIREBREAK_SLACK_WEBHOOK_URL", vendor.baseUrl() + "/services/T000/B000/XXXX");
    start(null, webhook);
    fire("CheckoutDown", "critical");
    await("the opening message", Duration.ofSeconds(20), () -> settled(1));
    gateway.postJson("/api/incidents/1/resolve", "{}", WRITE);
    await(
        "the resolution message",
        Duration.ofSeconds(20),
        () ->
            settled(1)
                && received("/services/T000/B000/XXXX").toString().contains("resolved by hand"));
    List<JsonNode> messages = received("/services/T000/B000/XXXX");
    assertThat(messages).hasSizeGreaterThanOrEqualTo(2);
    for (JsonNode message : messages) {
      BlockKitLimits.check(message.get("blocks"));
      assertThat(message.toString()).doesNotContain("incident.acknowledge");
    }
    assertThat(messages.get(0).get("text").asText()).contains("opened:");
    assertThat(received("/api/chat.postMessage")).isEmpty();
    assertThat(states(1, "slack")).allMatch(state -> state.equals("post:sent"));
  }

  @Test
  void withoutChannels_theLogSaysWhatHappenedToEachIncident_once() throws IOException {
    ch.qos.logback.classic.Logger incidents =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("dev.firebreak.incidents");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    incidents.addAppender(lines);
    try {
      Map<String, String> none = new HashMap<>();
      none.put("FIREBREAK_PAGERDUTY_ROUTING_KEY", "");
      none.put("FIREBREAK_SLACK_BOT_TOKEN", "");
      none.put("FIREBREAK_SLACK_CHANNEL", "");
      start(null, none);
      fire("CheckoutDown", "critical");
      gateway.postJson("/api/incidents/1/acknowledge", "{\"by\":\"bob\"}", WRITE);
      gateway.postJson("/api/incidents/1/resolve", "{\"by\":\"bob\"}", WRITE);
      await(
          "the resolution in the log",
          Duration.ofSeconds(20),
          () ->
              lines.list.stream()
                  .anyMatch(line -> line.getFormattedMessage().contains("resolved")));
      List<String> said = lines.list.stream().map(line -> line.getFormattedMessage()).toList();
      assertThat(said)
          .containsExactly(
              "incident 1 opened: Checkout 5xx ratio above 5% (critical, service checkout, from alertmanager)",
              "incident 1 acknowledged: acknowledged by bob",
              "incident 1 resolved: resolved by hand by bob");
      assertThat(lines.list.get(0).getMDCPropertyMap()).containsEntry("incident.id", "1");
      assertThat(timeline(1)).contains("would page, but no PagerDuty routing key is configured");
      assertThat(notifications(1)).isEmpty();
    } finally {
      incidents.detachAppender(lines);
    }
  }
}
