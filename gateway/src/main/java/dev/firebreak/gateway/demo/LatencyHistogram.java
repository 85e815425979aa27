package dev.firebreak.gateway.demo;

import java.util.Locale;

/**
 * {@code http_request_duration_seconds} as a Prometheus client library exposes it: cumulative
 * buckets, sum and count. Safe to observe and expose from different threads.
 */
public final class LatencyHistogram {

  private static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5};

  /** Cumulative counts per bound, the last one +Inf. */
  private final double[] buckets = new double[BOUNDS.length + 1];

  private double sum;

  /** {@code count} requests that took {@code seconds} each. */
  public synchronized void observe(double seconds, double count) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        buckets[i] += count;
      }
    }
    buckets[BOUNDS.length] += count;
    sum += seconds * count;
  }

  public synchronized void appendTo(StringBuilder text) {
    text.append("# HELP http_request_duration_seconds Request latency.\n")
        .append("# TYPE http_request_duration_seconds histogram\n");
    for (int i = 0; i < BOUNDS.length; i++) {
      text.append(
          line("http_request_duration_seconds_bucket{le=\"" + BOUNDS[i] + "\"}", buckets[i]));
    }
    text.append(line("http_request_duration_seconds_bucket{le=\"+Inf\"}", buckets[BOUNDS.length]))
        .append(line("http_request_duration_seconds_sum", sum))
        .append(line("http_request_duration_seconds_count", buckets[BOUNDS.length]));
  }

  /** One sample line of the text format. */
  public static String line(String series, double value) {
    return series + " " + String.format(Locale.ROOT, "%.6f", value) + "\n";
  }
}
