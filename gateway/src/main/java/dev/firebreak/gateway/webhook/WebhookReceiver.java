package dev.firebreak.gateway.webhook;

import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.Source;
import java.time.Instant;
import java.util.List;

/** Translates one vendor's webhook body into signals, and does nothing else. */
interface WebhookReceiver {

  Source source();

  /**
   * @throws InvalidPayloadException when the body is not what the vendor documents
   */
  Translation translate(JsonFields body, Instant receivedAt);

  /**
   * The signals in a delivery, or why it carries none that matter (a PagerDuty ping, an event
   * type Firebreak does not track).
   */
  record Translation(List<Signal> signals, String ignoredBecause) {

    public Translation {
      signals = List.copyOf(signals);
    }

    static Translation of(List<Signal> signals) {
      return new Translation(signals, null);
    }

    static Translation ignored(String reason) {
      return new Translation(List.of(), reason);
    }
  }
}
