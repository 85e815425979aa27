package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.port.IncidentQuery;
import dev.firebreak.gateway.config.Secret;
import dev.firebreak.gateway.webhook.TestSigner;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a hostile or broken sender can send, run on each store: values a store cannot hold mixed
 * into clean traffic, every timestamp and text field out of range or carrying NUL, and
 * credentials of every shape. Clean requests always get 202 and are stored; bad ones get a 400
 * naming the field; no secret appears in any answer or log line.
 */
abstract class HostileInputContract {

  static final String AM_TOKEN = "am-token-7f3a9c1e55";
  static final String AM_USER = "alertmanager";
  static final String AM_PASSWORD = "am-password-91be02";
  static final String DD_SECRET = "dd-secret-4c8e7a21";
  static final String PD_SECRET = "pd-secret-0d9b3f64";
  static final String READ_TOKEN = "api-read-2b6e90aa";
  static final String WRITE_TOKEN = "api-write-58c1d7f3";
  static final List<String> SECRETS =
      List.of(AM_TOKEN, AM_PASSWORD, DD_SECRET, PD_SECRET, READ_TOKEN, WRITE_TOKEN);

  @TempDir Path directory;
  TestGateway gateway;
  ListAppender<ILoggingEvent> logs;

  /** Settings that point the gateway at this suite's store. */
  abstract Map<String, String> storeSettings() throws Exception;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> settings = new HashMap<>(storeSettings());
    settings.put("FIREBREAK_ALERTMANAGER_TOKEN", AM_TOKEN);
    settings.put("FIREBREAK_ALERTMANAGER_USERNAME", AM_USER);
    settings.put("FIREBREAK_ALERTMANAGER_PASSWORD", AM_PASSWORD);
    settings.put("FIREBREAK_DATADOG_SECRET", DD_SECRET);
    settings.put("FIREBREAK_PAGERDUTY_SECRETS", PD_SECRET);
    settings.put("FIREBREAK_API_READ_TOKEN", READ_TOKEN);
    settings.put("FIREBREAK_API_WRITE_TOKEN", WRITE_TOKEN);
    settings.put("FIREBREAK_HOST", "127.0.0.1");
    // Each clean group is counted as its own incident, though all name one service.
    settings.put("FIREBREAK_CORRELATION_SAME_SERVICE", "false");
    logs = new ListAppender<>();
    logs.start();
    root().addAppender(logs);
    gateway = TestGateway.start(directory, settings);
  }

  /** Called once the gateway is closed, to drop what {@link #storeSettings} made. */
  void dropStore() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    root().detachAppender(logs);
    dropStore();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  // ---- senders ---------------------------------------------------------------------------

  HttpResponse<String> alertmanager(String body) {
    return gateway.postJson("/webhooks/alertmanager", body, "Authorization", "Bearer " + AM_TOKEN);
  }

  HttpResponse<String> datadog(String body) {
    return gateway.postJson("/webhooks/datadog", body, "X-Firebreak-Secret", DD_SECRET);
  }

  HttpResponse<String> pagerDuty(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return gateway.post(
        "/webhooks/pagerduty",
        bytes,
        "Content-Type",
        "application/json",
        "X-PagerDuty-Signature",
        TestSigner.sign(Secret.of(PD_SECRET), bytes));
  }

  HttpResponse<String> send(String source, String body) {
    return switch (source) {
      case "alertmanager" -> alertmanager(body);
      case "datadog" -> datadog(body);
      default -> pagerDuty(body);
    };
  }

  /** A clean Alertmanager group of 50 alerts, its own group. */
  static String cleanGroup(int group) {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    body.put("groupKey", "{}:{alertname=\"Clean" + group + "\"}");
    var alerts = body.withArray("alerts");
    ObjectNode template = (ObjectNode) alerts.get(0).deepCopy();
    alerts.removeAll();
    for (int i = 0; i < 50; i++) {
      ObjectNode alert = template.deepCopy();
      alert.put("fingerprint", String.format("%08x%08x", group, i));
      ((ObjectNode) alert.get("labels")).put("instance", "clean-" + group + "-" + i);
      alerts.add(alert);
    }
    return body.toString();
  }

  static String am(Consumer<ObjectNode> change) {
    ObjectNode body = Fixtures.capturedObject("alertmanager-firing-bearer");
    body.put("groupKey", "{}:{alertname=\"Hostile\"}");
    change.accept(body);
    return body.toString();
  }

  static ObjectNode firstAlert(ObjectNode body) {
    return (ObjectNode) body.get("alerts").get(0);
  }

  static String dd(Consumer<ObjectNode> change) {
    ObjectNode body =
        (ObjectNode)
            TestGateway.readTree(Fixtures.datadog("dd-hostile", "Triggered", "cycle-hostile"));
    change.accept(body);
    return body.toString();
  }

  static String pd(Consumer<ObjectNode> change) {
    ObjectNode body =
        (ObjectNode)
            TestGateway.readTree(
                Fixtures.pagerDuty("pd-hostile", "incident.triggered", "triggered"));
    change.accept(body);
    return body.toString();
  }

  static ObjectNode event(ObjectNode body) {
    return (ObjectNode) body.get("event");
  }

  static ObjectNode data(ObjectNode body) {
    return (ObjectNode) body.get("event").get("data");
  }

  // ---- cases -----------------------------------------------------------------------------

  record Poison(String source, String field, String body) {}

  static final String NUL = "before\u0000after";

  /** Beyond the last instant stored (the stores keep microseconds). */
  static final String PAST_LAST = "9999-12-31T23:59:59.9999999Z";

  static List<Poison> poisons() {
    List<Poison> cases = new ArrayList<>();
    String am = "alertmanager";
    cases.add(
        new Poison(
            am,
            "$.alerts[0].startsAt",
            am(b -> firstAlert(b).put("startsAt", "0001-01-01T00:00:00Z"))));
    cases.add(
        new Poison(
            am,
            "$.alerts[0].startsAt",
            am(b -> firstAlert(b).put("startsAt", "1969-12-31T23:59:59Z"))));
    cases.add(
        new Poison(am, "$.alerts[0].startsAt", am(b -> firstAlert(b).put("startsAt", PAST_LAST))));
    cases.add(
        new Poison(
            am,
            "$.alerts[0].endsAt",
            am(b -> firstAlert(b).put("status", "resolved").put("endsAt", PAST_LAST))));
    cases.add(new Poison(am, "$.groupKey", am(b -> b.put("groupKey", NUL))));
    cases.add(new Poison(am, "$.receiver", am(b -> b.put("receiver", NUL))));
    cases.add(new Poison(am, "$.externalURL", am(b -> b.put("externalURL", NUL))));
    cases.add(
        new Poison(am, "$.alerts[0].fingerprint", am(b -> firstAlert(b).put("fingerprint", NUL))));
    cases.add(
        new Poison(
            am, "$.alerts[0].generatorURL", am(b -> firstAlert(b).put("generatorURL", NUL))));
    cases.add(
        new Poison(
            am,
            "$.alerts[0].labels.service",
            am(b -> ((ObjectNode) firstAlert(b).get("labels")).put("service", NUL))));
    cases.add(
        new Poison(
            am,
            "$.alerts[0].labels",
            am(b -> ((ObjectNode) firstAlert(b).get("labels")).put("bad\u0000name", "x"))));
    cases.add(
        new Poison(
            am,
            "$.alerts[0].annotations.summary",
            am(b -> ((ObjectNode) firstAlert(b).get("annotations")).put("summary", NUL))));
    cases.add(
        new Poison(
            am,
            "$.commonAnnotations.summary",
            am(b -> b.putObject("commonAnnotations").put("summary", NUL))));

    String dd = "datadog";
    cases.add(new Poison(dd, "$.date_ms", dd(b -> b.put("date_ms", "100000000000000000"))));
    cases.add(new Poison(dd, "$.date_ms", dd(b -> b.put("date_ms", "-1000"))));
    for (String field :
        List.of(
            "event_id",
            "monitor_id",
            "cycle_key",
            "transition",
            "title",
            "status_text",
            "scope",
            "query",
            "hostname",
            "tags",
            "service",
            "link",
            "message",
            "priority",
            "alert_type",
            "aggreg_key")) {
      cases.add(new Poison(dd, "$." + field, dd(b -> b.put(field, NUL))));
    }

    String pd = "pagerduty";
    cases.add(
        new Poison(
            pd,
            "$.event.occurred_at",
            pd(b -> event(b).put("occurred_at", "0001-01-01T00:00:00Z"))));
    cases.add(
        new Poison(pd, "$.event.occurred_at", pd(b -> event(b).put("occurred_at", PAST_LAST))));
    cases.add(new Poison(pd, "$.event.id", pd(b -> event(b).put("id", NUL))));
    cases.add(
        new Poison(
            pd,
            "$.event.event_type",
            pd(b -> event(b).put("event_type", "incident.triggered\u0000"))));
    for (String field : List.of("id", "title", "incident_key", "urgency", "html_url")) {
      cases.add(new Poison(pd, "$.event.data." + field, pd(b -> data(b).put(field, NUL))));
    }
    cases.add(
        new Poison(
            pd,
            "$.event.data.service.summary",
            pd(b -> ((ObjectNode) data(b).get("service")).put("summary", NUL))));
    cases.add(
        new Poison(
            pd,
            "$.event.data.priority.summary",
            pd(b -> ((ObjectNode) data(b).get("priority")).put("summary", NUL))));
    cases.add(
        new Poison(
            pd,
            "$.event.agent.summary",
            pd(b -> ((ObjectNode) event(b).get("agent")).put("summary", NUL))));
    return cases;
  }

  @Test
  void everyTimestampAndTextField_outOfRangeOrWithNul_isRefusedNamingItAndStoresNothing() {
    for (Poison poison : poisons()) {
      HttpResponse<String> response = send(poison.source(), poison.body());
      assertThat(response.statusCode()).as(poison.field() + ": " + response.body()).isEqualTo(400);
      assertThat(TestGateway.json(response).get("message").asText())
          .as(poison.source())
          .startsWith(poison.field() + ":");
    }
    gateway.awaitCorrelated();
    assertThat(gateway.store.incidents().list(IncidentQuery.all(10)).items()).isEmpty();
  }

  @Test
  void poisonedValues_mixedIntoConcurrentCleanTraffic_neverFailTheCleanRequests() throws Exception {
    List<Poison> poisons = poisons();
    ExecutorService senders = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResponse<String>>> clean = new ArrayList<>();
      List<Future<HttpResponse<String>>> poisoned = new ArrayList<>();
      for (int round = 0; round < 30; round++) {
        String body = cleanGroup(round);
        clean.add(senders.submit(() -> alertmanager(body)));
        for (int i = round; i < poisons.size(); i += 30) {
          Poison poison = poisons.get(i);
          poisoned.add(senders.submit(() -> send(poison.source(), poison.body())));
        }
      }
      for (Future<HttpResponse<String>> future : clean) {
        HttpResponse<String> response = future.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(TestGateway.json(response).get("accepted").asInt()).isEqualTo(50);
      }
      for (Future<HttpResponse<String>> future : poisoned) {
        assertThat(future.get().statusCode()).as(future.get().body()).isEqualTo(400);
      }
    } finally {
      senders.shutdown();
    }
    gateway.awaitCorrelated();
    var incidents = gateway.store.incidents().list(IncidentQuery.all(100)).items();
    assertThat(incidents).hasSize(30);
    assertThat(incidents).allSatisfy(incident -> assertThat(incident.signalCount()).isEqualTo(50));
    assertThat(gateway.get("/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void credentials_ofEveryShape_areRefusedWithoutEverShowingASecret() {
    String body = Fixtures.captured("alertmanager-firing-bearer");
    List<String> authorizations = new ArrayList<>();
    for (String secret : List.of(AM_TOKEN, AM_PASSWORD, WRITE_TOKEN, READ_TOKEN)) {
      authorizations.addAll(
          List.of(
              secret,
              "Token " + secret,
              "Digest " + secret,
              "bearer" + secret,
              "Bearer  " + secret + "x",
              secret + " Bearer",
              "Basic " + secret,
              "Basic " + b64(secret),
              "Basic " + b64(AM_USER + secret),
              "Basic " + b64(secret + ":" + secret),
              secret + ":" + secret,
              "Token token=" + secret,
              "Bearer " + secret.toUpperCase(java.util.Locale.ROOT)));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (String authorization : authorizations) {
      answers.add(gateway.postJson("/webhooks/alertmanager", body, "Authorization", authorization));
      answers.add(gateway.get("/api/incidents", "Authorization", authorization));
    }
    String ddBody = Fixtures.datadog("dd-auth", "Triggered", "cycle-auth");
    for (String value :
        List.of(
            DD_SECRET + "x",
            "x" + DD_SECRET,
            DD_SECRET.substring(1),
            "Bearer " + DD_SECRET,
            AM_TOKEN,
            DD_SECRET.toUpperCase(java.util.Locale.ROOT))) {
      answers.add(gateway.postJson("/webhooks/datadog", ddBody, "X-Firebreak-Secret", value));
    }
    byte[] pdBody =
        Fixtures.pagerDuty("pd-auth", "incident.triggered", "triggered")
            .getBytes(StandardCharsets.UTF_8);
    for (String value :
        List.of(
            PD_SECRET,
            "v1=" + PD_SECRET,
            "v1=" + b64(PD_SECRET),
            TestSigner.sign(Secret.of(PD_SECRET + "x"), pdBody),
            "v0=" + PD_SECRET,
            "v1=zz" + PD_SECRET)) {
      answers.add(
          gateway.post(
              "/webhooks/pagerduty",
              pdBody,
              "Content-Type",
              "application/json",
              "X-PagerDuty-Signature",
              value));
    }
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isIn(401, 403);
      assertThat(answer.headers().map().toString() + answer.body())
          .as(answer.body())
          .doesNotContain(SECRETS)
          .doesNotContain(SECRETS.stream().map(s -> s.substring(1)).toList());
    }
    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      for (String secret : SECRETS) {
        assertThat(line).doesNotContain(secret).doesNotContain(secret.substring(1));
      }
    }
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
