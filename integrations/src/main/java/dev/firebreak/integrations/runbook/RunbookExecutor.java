package dev.firebreak.integrations.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.ActionKind;
import dev.firebreak.analysis.port.ActionExecutor;
import dev.firebreak.analysis.port.CheckResult;
import dev.firebreak.integrations.notify.ChannelHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Hands an action to outside automation (Rundeck, AWX / Event-Driven Ansible, Jenkins, a
 * service of one's own): a POST of the incident, the diagnosis and the parameters, signed with
 * HMAC-SHA256 over {@code timestamp.body} (header {@code X-Firebreak-Signature: v1=<hex>}, with
 * {@code X-Firebreak-Timestamp}: a receiver refuses what is older than its replay window), with
 * an {@code Idempotency-Key} per action and phase. A 5xx, a 429 or a failed connection is tried
 * again with backoff within the call; other 4xx answers are final.
 */
public final class RunbookExecutor implements ActionExecutor {

  public static final String SIGNATURE = "X-Firebreak-Signature";
  public static final String TIMESTAMP = "X-Firebreak-Timestamp";
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

  private final Map<String, RunbookSettings> runbooks;
  private final Map<String, OkHttpClient> clients;
  private final Clock clock;

  public RunbookExecutor(List<RunbookSettings> runbooks, OkHttpClient shared, Clock clock) {
    this.runbooks =
        runbooks.stream().collect(Collectors.toUnmodifiableMap(RunbookSettings::name, r -> r));
    this.clients =
        runbooks.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    RunbookSettings::name, r -> ChannelHttp.client(shared, r.timeout())));
    this.clock = clock;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(ActionKind.RUNBOOK);
  }

  @Override
  public Plan plan(ActionRequest request) {
    Optional<RunbookSettings> runbook = Optional.ofNullable(runbooks.get(request.target()));
    if (runbook.isEmpty()) {
      return Plan.refused(
          "no runbook named "
              + request.target()
              + " (known: "
              + String.join(", ", runbooks.keySet())
              + ")");
    }
    if (!runbook.get().plans()) {
      return new Plan(
          Plan.Outcome.UNKNOWN, "runbook " + request.target() + " cannot plan without acting");
    }
    return Plan.changes(post(runbook.get(), runbook.get().url(), "plan", request, Map.of()));
  }

  @Override
  public Map<String, String> snapshot(ActionRequest request) {
    return Map.of();
  }

  @Override
  public String execute(ActionRequest request, Map<String, String> prior) {
    RunbookSettings runbook = runbook(request);
    return post(runbook, runbook.url(), "execute", request, prior);
  }

  /**
   * A runbook's state cannot be read from here: an action interrupted mid-call is not posted
   * again (its receiver may have acted), and people are asked.
   */
  @Override
  public Observed observe(ActionRequest request, Map<String, String> prior) {
    return Observed.UNKNOWN;
  }

  @Override
  public String rollback(ActionRequest request, Map<String, String> prior) {
    RunbookSettings runbook = runbook(request);
    return post(runbook, runbook.rollbackUrl(), "rollback", request, prior);
  }

  private RunbookSettings runbook(ActionRequest request) {
    RunbookSettings runbook = runbooks.get(request.target());
    if (runbook == null) {
      throw new ActionException("no runbook named " + request.target(), true);
    }
    return runbook;
  }

  private String post(
      RunbookSettings runbook,
      URI url,
      String phase,
      ActionRequest request,
      Map<String, String> prior) {
    byte[] body = body(phase, request, prior);
    String failure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Duration wait = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
      long timestamp = clock.instant().getEpochSecond();
      Request call =
          new Request.Builder()
              .url(url.toString())
              .header("Content-Type", "application/json")
              .header(TIMESTAMP, String.valueOf(timestamp))
              .header(SIGNATURE, "v1=" + sign(runbook, timestamp, body))
              .header("Idempotency-Key", "firebreak-action-" + request.actionId() + "-" + phase)
              .header("X-Firebreak-Action-Id", String.valueOf(request.actionId()))
              .post(RequestBody.create(body, JSON_TYPE))
              .build();
      try (Response response = clients.get(runbook.name()).newCall(call).execute()) {
        String answer = ChannelHttp.start(response.body());
        if (response.isSuccessful()) {
          return answer.isBlank() ? response.code() + " from " + runbook.name() : answer;
        }
        failure = runbook.name() + " answered " + response.code() + ": " + answer;
        if (response.code() < 500 && response.code() != 429) {
          throw new ActionException(failure, true);
        }
        Optional<Duration> after = ChannelHttp.retryAfter(response);
        if (after.isPresent()) {
          wait = after.get().compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : after.get();
        }
      } catch (IOException e) {
        failure = runbook.name() + " at " + url + ": " + e;
      }
      if (attempt < ATTEMPTS) {
        pause(wait);
      }
    }
    throw new ActionException(failure + " (after " + ATTEMPTS + " attempts)", false);
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException("interrupted", false, e);
    }
  }

  static String sign(RunbookSettings runbook, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(runbook.secret(), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] body(String phase, ActionRequest request, Map<String, String> prior) {
    ObjectNode root = JSON.createObjectNode();
    root.put("phase", phase);
    root.put("action_id", request.actionId());
    root.put("runbook", request.target());
    ObjectNode incident = root.putObject("incident");
    incident.put("id", request.incident().id());
    incident.put("title", request.incident().title());
    incident.put("status", request.incident().status().wireName());
    incident.put("severity", request.incident().severity().wireName());
    incident.put("service", request.incident().service());
    incident.put("opened_at", request.incident().openedAt().toString());
    ObjectNode labels = incident.putObject("labels");
    request.incident().labels().forEach(labels::put);
    request
        .cause()
        .ifPresent(
            cause -> {
              ObjectNode diagnosis = root.putObject("diagnosis");
              diagnosis.put("cause", cause.cause().wireName());
              diagnosis.put("service", cause.service());
              diagnosis.put("confidence", cause.confidence());
              diagnosis.put("explanation", cause.explanation());
            });
    ObjectNode parameters = root.putObject("parameters");
    request.parameters().forEach(parameters::put);
    ObjectNode recorded = root.putObject("prior");
    prior.forEach(recorded::put);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a runbook request", e);
    }
  }

  /** Configured runbooks are reached only when an action runs; there is nothing to probe. */
  @Override
  public CheckResult check() {
    return new CheckResult(
        true, runbooks.size() + " runbook(s): " + String.join(", ", runbooks.keySet()));
  }

  @Override
  public void close() {}
}
