package dev.firebreak.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * An alert's fingerprint as Alertmanager computes it ({@code model.LabelSet.Fingerprint} of
 * prometheus/common): FNV-1a 64 over the label names in byte order, each name and value followed
 * by the byte 0xFF, written as 16 hex digits. Alertmanager before 0.19 does not put the
 * fingerprint in its webhooks; deriving the same value keeps redeliveries of those alerts
 * recognised, and an alert keeps its identity when the sender is upgraded.
 */
final class AlertmanagerFingerprint {

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private AlertmanagerFingerprint() {}

  static String of(Map<String, String> labels) {
    byte[][] names =
        labels.keySet().stream()
            .map(name -> name.getBytes(StandardCharsets.UTF_8))
            .sorted(Arrays::compareUnsigned)
            .toArray(byte[][]::new);
    long hash = OFFSET;
    for (byte[] name : names) {
      hash = add(hash, name);
      hash =
          add(
              hash,
              labels
                  .get(new String(name, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8));
    }
    return String.format("%016x", hash);
  }

  private static long add(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xff)) * PRIME;
    }
    return (hash ^ SEPARATOR) * PRIME;
  }
}
