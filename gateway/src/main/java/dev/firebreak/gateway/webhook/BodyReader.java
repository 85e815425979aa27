package dev.firebreak.gateway.webhook;

import dev.firebreak.gateway.http.ApiException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads webhook bodies within three bounds shared by every receiver: how many requests may be
 * reading a body at once (so that slow senders cannot take every request thread and
 * {@code /health} always has one), how long a body may take to arrive, and how many bytes of
 * bodies not yet authenticated may be held at once (so that no number of unsigned senders can
 * exhaust the heap). A request over a bound is answered before anything more is read: 503 with
 * Retry-After for the shared bounds, which the sender retries, 408 or 413 for its own.
 */
final class BodyReader {

  private static final int CHUNK = 16 * 1024;

  /** How far past the limit an authenticated body is read away before its 413. */
  static final int DRAIN_FACTOR = 4;

  private final Semaphore readers;
  private final long unauthenticatedBudget;
  private final AtomicLong unauthenticatedInFlight = new AtomicLong();
  private final long timeoutNanos;

  BodyReader(int maxReaders, long unauthenticatedBudget, Duration timeout) {
    this.readers = new Semaphore(maxReaders);
    this.unauthenticatedBudget = unauthenticatedBudget;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Bytes of unauthenticated bodies held now; for tests and the metric. */
  long unauthenticatedInFlight() {
    return unauthenticatedInFlight.get();
  }

  /**
   * Reads the body, at most {@code limit} bytes, through {@code check} when it is not yet
   * authenticated. The returned body holds its share of the budget until closed.
   */
  Body read(Context ctx, long limit, WebhookAuth.BodyCheck check) {
    if (!readers.tryAcquire()) {
      throw ApiException.unavailable(
          "too many requests are sending bodies at once; retry" + " later");
    }
    Body body = new Body();
    try {
      long declared = ctx.req().getContentLengthLong();
      if (check != null && declared > 0) {
        body.reserve(declared);
      }
      readInto(ctx, limit, check, declared, body);
      return body;
    } catch (RuntimeException e) {
      body.close();
      throw e;
    } finally {
      readers.release();
    }
  }

  private void readInto(
      Context ctx, long limit, WebhookAuth.BodyCheck check, long declared, Body body) {
    long deadline = System.nanoTime() + timeoutNanos;
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(Math.max(declared, CHUNK), limit + 1));
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = ctx.req().getInputStream()) {
      int read;
      while ((read = in.read(chunk)) != -1) {
        if ((long) out.size() + read > limit) {
          if (check == null) {
            discard(in, chunk, DRAIN_FACTOR * limit, deadline);
          }
          throw ApiException.tooLarge(limit);
        }
        if (check != null && declared <= 0) {
          // No Content-Length (chunked): the budget is taken as the bytes arrive.
          body.reserve(read);
        }
        if (check != null) {
          check.update(chunk, 0, read);
        }
        out.write(chunk, 0, read);
        if (System.nanoTime() > deadline) {
          throw bodyTimeout();
        }
      }
    } catch (BadMessageException e) {
      // Jetty's minimum request data rate: the body came slower than allowed.
      throw e.getCode() == 408
          ? bodyTimeout()
          : ApiException.badRequest("could not read the request body: " + e.getReason());
    } catch (IOException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw bodyTimeout();
      }
      throw ApiException.badRequest("could not read the request body: " + e.getMessage());
    }
    body.bytes = out.toByteArray();
  }

  /**
   * Reads what an authenticated sender still sends of a body that is too large, up to
   * {@code max} bytes, so that it gets its 413 on a connection Jetty 12 can keep: a body left
   * unread makes Jetty close the connection, and a sender still writing then sees a reset
   * instead of the answer. Unauthenticated bodies are never read for this.
   */
  void drain(Context ctx, long max) {
    if (!readers.tryAcquire()) {
      return;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      discard(in, new byte[CHUNK], max, System.nanoTime() + timeoutNanos);
    } catch (IOException | RuntimeException e) {
      // The answer is a 413 whatever happens here; at worst the connection closes.
    } finally {
      readers.release();
    }
  }

  private static void discard(InputStream in, byte[] chunk, long max, long deadline)
      throws IOException {
    long total = 0;
    int read;
    while (total < max && System.nanoTime() < deadline && (read = in.read(chunk)) != -1) {
      total += read;
    }
  }

  private ApiException bodyTimeout() {
    return new ApiException(
        408,
        "request_timeout",
        "the request body did not arrive within "
            + Duration.ofNanos(timeoutNanos).toMillis()
            + " ms, or came slower than the minimum"
            + " rate; send it at once");
  }

  /** A body read, and the share of the unauthenticated budget it holds until closed. */
  final class Body implements AutoCloseable {

    private long reserved;
    private byte[] bytes = new byte[0];

    byte[] bytes() {
      return bytes;
    }

    private void reserve(long more) {
      long now = unauthenticatedInFlight.addAndGet(more);
      reserved += more;
      if (now > unauthenticatedBudget) {
        throw ApiException.unavailable(
            "too many unauthenticated request bodies are in" + " flight; retry later");
      }
    }

    /** Authenticated now: its bytes no longer count against the unauthenticated budget. */
    @Override
    public void close() {
      if (reserved > 0) {
        unauthenticatedInFlight.addAndGet(-reserved);
        reserved = 0;
      }
    }
  }
}
