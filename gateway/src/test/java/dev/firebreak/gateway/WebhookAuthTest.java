package dev.firebreak.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.gateway.config.Secret;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-source webhook credentials, the PagerDuty signature, and the count of failures. */
class WebhookAuthTest {

  static final String AM_TOKEN = "am-token-0123";
  static final String DD_SECRET = "dd-secret-4567";
  static final String PD_OLD = "pd-old-secret";
  static final String PD_NEW = "pd-new-secret";

  @TempDir static Path directory;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway =
        TestGateway.start(
            directory,
            Map.of(
                "FIREBREAK_ALERTMANAGER_TOKEN",
                AM_TOKEN,
                "FIREBREAK_ALERTMANAGER_USERNAME",
                "amuser",
                "FIREBREAK_ALERTMANAGER_PASSWORD",
                "s3cret",
                "FIREBREAK_DATADOG_SECRET",
                DD_SECRET,
                "FIREBREAK_PAGERDUTY_SECRETS",
                PD_OLD + "," + PD_NEW,
                "FIREBREAK_API_READ_TOKEN",
                "reader"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> am(String... headers) {
    return gateway.postJson(
        "/webhooks/alertmanager", Fixtures.captured("alertmanager-firing-bearer"), headers);
  }

  @Test
  void alertmanager_acceptsBearerAndBasicAndRefusesTheRest() {
    assertThat(am("Authorization", "Bearer " + AM_TOKEN).statusCode()).isEqualTo(202);
    assertThat(am("Authorization", basic("amuser", "s3cret")).statusCode()).isEqualTo(202);

    HttpResponse<String> missing = am();
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(TestGateway.json(missing).get("message").asText())
        .isEqualTo("missing Authorization header");
    assertThat(am("Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(am("Authorization", basic("amuser", "nope")).statusCode()).isEqualTo(401);
    assertThat(am("Authorization", "Basic %%%").statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(am("Authorization", "Digest abc")).get("message").asText())
        .contains(
            "scheme is not one configured for Alertmanager webhooks; expected Bearer or"
                + " Basic");
    HttpResponse<String> bare = am("Authorization", AM_TOKEN);
    assertThat(bare.statusCode()).isEqualTo(401);
    assertThat(bare.body()).contains("has no scheme").doesNotContain(AM_TOKEN);
  }

  @Test
  void datadog_needsTheSharedSecretHeader() {
    String body = Fixtures.datadog("dd-auth-1", "Triggered", "cycle-auth");
    assertThat(
            gateway
                .postJson("/webhooks/datadog", body, "X-Firebreak-Secret", DD_SECRET)
                .statusCode())
        .isEqualTo(202);
    HttpResponse<String> wrong =
        gateway.postJson("/webhooks/datadog", body, "X-Firebreak-Secret", DD_SECRET + "x");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(DD_SECRET);
    assertThat(gateway.postJson("/webhooks/datadog", body).statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> pd(String body, String signature) {
    return signature == null
        ? gateway.postJson("/webhooks/pagerduty", body)
        : gateway.postJson("/webhooks/pagerduty", body, "X-PagerDuty-Signature", signature);
  }

  private static String sign(String secret, String body) {
    return dev.firebreak.gateway.webhook.TestSigner.sign(
        Secret.of(secret), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pagerduty_verifiesTheSignatureOverTheRawBody() {
    String body = Fixtures.pagerDuty("pd-sig-1", "incident.triggered", "triggered");
    String other = Fixtures.pagerDuty("pd-sig-2", "incident.triggered", "triggered");
    // valid, with the newer secret, and with both during a rotation
    assertThat(pd(body, sign(PD_NEW, body)).statusCode()).isEqualTo(202);
    assertThat(pd(body, sign(PD_OLD, body)).statusCode()).isEqualTo(202);
    assertThat(pd(other, sign("retired", other) + ", " + sign(PD_NEW, other)).statusCode())
        .isEqualTo(202);
    // uppercase hex is the same signature
    assertThat(pd(other, sign(PD_NEW, other).toUpperCase().replace("V1=", "v1=")).statusCode())
        .isEqualTo(202);

    assertThat(pd(body, sign("wrong", body)).statusCode()).isEqualTo(401);
    assertThat(pd(body, null).statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(pd(body, "v0=abc")).get("message").asText())
        .contains("has no v1= signature");
    assertThat(pd(body, "v1=nothex").statusCode()).isEqualTo(401);
    String altered = body.replace("Checkout error rate high", "Checkout error rate low");
    HttpResponse<String> tampered = pd(altered, sign(PD_NEW, body));
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(TestGateway.json(tampered).get("message").asText())
        .isEqualTo("no X-PagerDuty-Signature entry matches the body");
  }

  @Test
  void authFailures_areCountedPerSource() {
    am("Authorization", "Bearer wrong");
    String metrics = gateway.get("/metrics").body();
    assertThat(metrics)
        .containsPattern("firebreak_webhook_auth_failures_total\\{source=\"alertmanager\"} [1-9]");
    assertThat(metrics)
        .containsPattern(
            "firebreak_webhooks_received_total\\{outcome=\"unauthorized\",source=\"alertmanager\"}"
                + " [1-9]");
    assertThat(metrics).doesNotContain(AM_TOKEN).doesNotContain(DD_SECRET);
  }

  @Test
  void api_requiresItsOwnTokens() {
    assertThat(gateway.get("/api/incidents").statusCode()).isEqualTo(401);
    assertThat(gateway.get("/api/incidents", "Authorization", "Bearer " + AM_TOKEN).statusCode())
        .isEqualTo(401);
    assertThat(gateway.get("/api/incidents", "Authorization", "Bearer reader").statusCode())
        .isEqualTo(200);
    HttpResponse<String> write =
        gateway.postJson("/api/incidents/1/resolve", "{}", "Authorization", "Bearer reader");
    assertThat(write.statusCode()).isEqualTo(403);
    // no write token is configured, so nothing can write
    assertThat(
            gateway
                .postJson("/api/incidents/1/resolve", "{}", "Authorization", "Bearer anything")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void health_readyAndMetrics_needNoCredentials() {
    assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = gateway.get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(TestGateway.json(ready).get("checks").get("store").get("ok").asBoolean()).isTrue();
  }
}
