package dev.firebreak.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.analysis.intake.Intake;
import dev.firebreak.analysis.intake.IntakeFullException;
import dev.firebreak.analysis.intake.IntakeReceipt;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.port.StoreRejectedException;
import dev.firebreak.gateway.config.GatewayConfig;
import dev.firebreak.gateway.http.ApiException;
import dev.firebreak.gateway.http.ErrorResponses;
import dev.firebreak.gateway.metrics.GatewayMetrics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every webhook takes: size, credentials, content type, body, signature, a refused
 * body seen before, translation, durable commit, answer. It answers 2xx only once the signals
 * are committed; 503 with Retry-After when the store cannot commit in time (all three senders
 * retry 5xx); 4xx with a message naming the problem for anything the sender got wrong.
 */
final class WebhookEndpoint implements Handler {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);

  private final WebhookReceiver receiver;
  private final WebhookAuth auth;
  private final Intake intake;
  private final RejectionMemory rejections;
  private final GatewayMetrics metrics;
  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final BodyReader bodies;
  private final Duration commitTimeout;
  private final Clock clock;
  private final String source;

  WebhookEndpoint(
      WebhookReceiver receiver,
      WebhookAuth auth,
      Intake intake,
      RejectionMemory rejections,
      GatewayMetrics metrics,
      ObjectMapper json,
      long maxBodyBytes,
      BodyReader bodies,
      Duration commitTimeout,
      Clock clock) {
    this.receiver = receiver;
    this.auth = auth;
    this.intake = intake;
    this.rejections = rejections;
    this.metrics = metrics;
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.bodies = bodies;
    this.commitTimeout = commitTimeout;
    this.clock = clock;
    this.source = receiver.source().wireName();
  }

  @Override
  public void handle(Context ctx) {
    long started = System.nanoTime();
    String outcome = "error";
    try {
      outcome = process(ctx);
    } catch (ApiException e) {
      outcome = outcomeOf(e);
      throw e;
    } finally {
      metrics.webhook(source, outcome, System.nanoTime() - started);
    }
  }

  private String process(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    authenticate(() -> auth.checkHeaders(ctx::header));
    requireJson(ctx.contentType());
    WebhookAuth.BodyCheck check = authenticated(() -> auth.bodyCheck(ctx::header));
    if (declared > maxBodyBytes) {
      if (check == null && declared <= BodyReader.DRAIN_FACTOR * maxBodyBytes) {
        bodies.drain(ctx, declared);
      }
      throw ApiException.tooLarge(maxBodyBytes);
    }
    // A body that is authenticated only once read is bounded tighter than a signed-in one.
    long limit =
        check == null
            ? maxBodyBytes
            : Math.min(maxBodyBytes, GatewayConfig.ServerConfig.LARGEST_UNSIGNED_BODY);
    if (declared > limit) {
      throw ApiException.tooLarge(limit);
    }
    byte[] body;
    try (BodyReader.Body read = bodies.read(ctx, limit, check)) {
      if (check != null) {
        authenticate(check::verify);
      }
      body = read.bytes();
    }

    String digest = rejections.isEmpty() ? null : sha256(body);
    ApiException before = digest == null ? null : rejections.previous(receiver.source(), digest);
    if (before != null) {
      rejections.countRepeat(receiver.source(), digest, before);
      ErrorResponses.write(ctx, before);
      return "rejected_repeat";
    }
    WebhookReceiver.Translation translation;
    try {
      translation = receiver.translate(JsonFields.root(parse(body)), clock.instant());
    } catch (InvalidPayloadException e) {
      ApiException error = ApiException.invalidPayload(e.getMessage());
      rejections.remember(
          receiver.source(), digest == null ? sha256(body) : digest, error, e.redacted());
      LOG.info("refused {} webhook: {}", source, e.redacted());
      throw error;
    }
    if (translation.signals().isEmpty()) {
      Map<String, Object> answer = answer(0, 0);
      answer.put("ignored", translation.ignoredBecause());
      ctx.status(202).json(answer);
      return "ignored";
    }
    IntakeReceipt receipt;
    try {
      receipt = commit(translation);
    } catch (Unstorable e) {
      ApiException error =
          ApiException.invalidPayload(
              "the incident store cannot hold a value"
                  + " of this payload; nothing of it was stored (the gateway log has the store's"
                  + " reason)");
      rejections.remember(
          receiver.source(),
          digest == null ? sha256(body) : digest,
          error,
          "the store refused a value");
      throw error;
    }
    metrics.signals(source, receipt.accepted(), receipt.duplicates());
    ctx.status(202).json(answer(receipt.accepted(), receipt.duplicates()));
    return receipt.accepted() == 0 ? "duplicate" : "accepted";
  }

  private IntakeReceipt commit(WebhookReceiver.Translation translation) {
    CompletableFuture<IntakeReceipt> future;
    try {
      future = intake.submit(translation.signals());
    } catch (IntakeFullException e) {
      throw ApiException.unavailable("intake is full while the store catches up; retry later");
    }
    try {
      IntakeReceipt receipt = future.get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
      int truncated = 0;
      for (Signal signal : translation.signals()) {
        truncated += signal.truncatedAlerts();
      }
      if (truncated > 0 && receipt.accepted() > 0) {
        metrics.truncatedAlerts(truncated);
      }
      return receipt;
    } catch (TimeoutException e) {
      // It may still commit; the sender's retry is then recognised as a redelivery.
      throw ApiException.unavailable(
          "the store did not commit within " + commitTimeout.toMillis() + " ms; retry later");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StoreRejectedException) {
        throw new Unstorable();
      }
      throw ApiException.unavailable("the incident store is unavailable; retry later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("the gateway is shutting down; retry later");
    }
  }

  private void authenticate(Runnable check) {
    authenticated(
        () -> {
          check.run();
          return null;
        });
  }

  private <T> T authenticated(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (ApiException e) {
      if (e.status() == 401 || e.status() == 403) {
        metrics.authFailure(source);
        LOG.info("refused {} webhook: {}", source, e.getMessage());
      }
      throw e;
    }
  }

  private static void requireJson(String contentType) {
    if (contentType == null) {
      throw ApiException.unsupportedMediaType(null);
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !type.endsWith("+json")) {
      throw ApiException.unsupportedMediaType(contentType);
    }
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new InvalidPayloadException("empty body; expected a JSON object");
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidPayloadException("malformed JSON" + where + ": " + brief(e));
    } catch (IOException e) {
      throw new InvalidPayloadException("unreadable JSON: " + e.getMessage());
    }
  }

  /** Jackson's own words without the source excerpt or marker locations. */
  private static String brief(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Trailing token")) {
      return "unexpected content after the JSON value";
    }
    int cut = message.indexOf('\n');
    if (cut >= 0) {
      message = message.substring(0, cut);
    }
    int marker = message.indexOf(" (start marker");
    if (marker >= 0) {
      message = message.substring(0, marker);
    }
    return message;
  }

  private static Map<String, Object> answer(int accepted, int duplicates) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("accepted", accepted);
    answer.put("duplicates", duplicates);
    return answer;
  }

  private static String outcomeOf(ApiException e) {
    return switch (e.status()) {
      case 401, 403 -> "unauthorized";
      case 408 -> "timeout";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 503 -> "unavailable";
      default -> "rejected";
    };
  }

  /** The store refused this submission's content: the sender hears 400, never 503. */
  private static final class Unstorable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unstorable() {
      super(null, null, false, false);
    }
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
