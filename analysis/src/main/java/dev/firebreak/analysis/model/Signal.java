package dev.firebreak.analysis.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * One statement from a monitoring system about one alert at one moment: the common shape every
 * webhook is translated into. Vendor payload types never get past the receiver that made this.
 *
 * @param source the system that sent it
 * @param dedupKey identity of this statement; a redelivery carries the same key and changes
 *     nothing (Alertmanager: fingerprint, startsAt and status; Datadog: the event id; PagerDuty:
 *     the event id)
 * @param groupKey the source's own grouping of alerts into one problem (Alertmanager groupKey,
 *     Datadog alert cycle, PagerDuty incident id)
 * @param alertKey identity of the alert whose state this reports (Alertmanager fingerprint,
 *     Datadog monitor and scope, PagerDuty incident id)
 * @param event the source's own name for what happened, such as {@code incident.acknowledged}
 * @param startsAt when the alert started; the time of the statement when the source has no
 *     start
 * @param endsAt when it ended, or null while firing
 * @param links named URLs back to the source (Alertmanager generatorURL, Datadog link, …)
 * @param truncatedAlerts how many alerts the sender dropped from the delivery this came in
 */
public record Signal(
    Source source,
    String dedupKey,
    String groupKey,
    String alertKey,
    SignalStatus status,
    String event,
    Severity severity,
    String summary,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> links,
    Instant startsAt,
    Instant endsAt,
    int truncatedAlerts) {

  /**
   * The earliest instant a signal may carry. Monitoring statements predate nothing; Go's zero
   * time (year 1), which Alertmanager sends for "no end", is read as absent before this.
   */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** The latest instant a signal may carry: the last one RFC 3339's four-digit years can write. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /**
   * The longest identity key (dedup, group, alert) in UTF-8 bytes: keys are indexed, and both
   * stores' indexes hold this with room to spare (PostgreSQL's B-tree entries end near 2.7 kB).
   */
  public static final int MAX_KEY_BYTES = 2000;

  /** The annotation naming who caused the statement (a PagerDuty agent), when the source says. */
  public static final String AGENT = "agent";

  /** The annotation saying, for people, what the sender changed (reassigned to …, a note). */
  public static final String CHANGE = "change";

  /**
   * The annotation naming incident fields the sender changed and owns ({@code service},
   * {@code priority}, comma-separated): the incident takes the signal's values for them.
   */
  public static final String CHANGED_FIELDS = "changed_fields";

  public Signal {
    Objects.requireNonNull(source, "source");
    requireText(dedupKey, "dedupKey");
    requireText(groupKey, "groupKey");
    requireText(alertKey, "alertKey");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(severity, "severity");
    summary = summary == null ? "" : summary;
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    links = Map.copyOf(links);
    requireStorable(startsAt, "startsAt");
    if (endsAt != null) {
      requireStorable(endsAt, "endsAt");
    }
    if (truncatedAlerts < 0) {
      throw new IllegalArgumentException("truncatedAlerts < 0");
    }
  }

  /** The same signal, carrying the count of alerts its delivery left out. */
  public Signal withTruncatedAlerts(int count) {
    return new Signal(
        source,
        dedupKey,
        groupKey,
        alertKey,
        status,
        event,
        severity,
        summary,
        labels,
        annotations,
        links,
        startsAt,
        endsAt,
        count);
  }

  /** When the statement was true: the end for a resolution, the start otherwise. */
  public Instant occurredAt() {
    return status == SignalStatus.RESOLVED && endsAt != null ? endsAt : startsAt;
  }

  /** The value of the {@code service} label, or null. */
  public String service() {
    return labels.get("service");
  }

  /**
   * {@code key} itself when it fits {@link #MAX_KEY_BYTES}, else its first characters and its
   * SHA-256: the same input always gives the same key, so redeliveries are still recognised.
   */
  public static String boundedKey(String key) {
    byte[] bytes = key.getBytes(UTF_8);
    if (bytes.length <= MAX_KEY_BYTES) {
      return key;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      int cut = Character.isHighSurrogate(key.charAt(199)) ? 199 : 200;
      return key.substring(0, cut) + "…sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Whether {@code instant} lies within {@link #EARLIEST} and {@link #LATEST}. */
  public static boolean isStorable(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
    if (value.getBytes(UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_KEY_BYTES + " bytes");
    }
  }

  private static void requireStorable(Instant instant, String name) {
    Objects.requireNonNull(instant, name);
    if (!isStorable(instant)) {
      throw new IllegalArgumentException(
          name + " " + instant + " is outside " + EARLIEST + " to " + LATEST);
    }
  }
}
