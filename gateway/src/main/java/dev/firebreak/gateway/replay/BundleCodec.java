package dev.firebreak.gateway.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.port.StoredEvidence;
import dev.firebreak.gateway.config.EvidenceConfig;
import dev.firebreak.integrations.store.EvidenceCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads and writes bundles as JSON; the model records map one to one. */
public final class BundleCodec {

  private static final ObjectMapper MAPPER =
      EvidenceCodec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

  private BundleCodec() {}

  /** The bundle of an incident's latest investigation. */
  public static Bundle of(
      IncidentDetail detail, StoredEvidence stored, EvidenceConfig config, Instant now) {
    Instant collectedAt = stored.evidence().collectedAt();
    // The signals known when the recorded run started: replaying them gives the same window.
    List<StoredSignal> signals =
        detail.signals().stream()
            .filter(signal -> !signal.receivedAt().isAfter(collectedAt))
            .toList();
    List<String> sources =
        stored.evidence().reports().stream().map(report -> report.source()).distinct().toList();
    Map<String, String> queries =
        config.prometheus().map(settings -> settings.queries()).orElse(Map.of());
    return new Bundle(
        Bundle.FORMAT,
        now,
        detail.incident(),
        signals,
        sources,
        config.replayable(),
        queries,
        stored.evidence(),
        stored.exchanges());
  }

  public static void write(Bundle bundle, OutputStream out) throws IOException {
    MAPPER.writeValue(out, bundle);
  }

  public static byte[] toBytes(Bundle bundle) throws IOException {
    return MAPPER.writeValueAsBytes(bundle);
  }

  /** Reads a bundle, refusing other formats with a message that says what was found. */
  public static Bundle read(InputStream in) throws IOException {
    Bundle bundle = MAPPER.readValue(in, Bundle.class);
    if (!Bundle.FORMAT.equals(bundle.format())) {
      throw new IOException("not a " + Bundle.FORMAT + " bundle (format: " + bundle.format() + ")");
    }
    if (bundle.signals().isEmpty() || bundle.evidence() == null) {
      throw new IOException("the bundle holds no signals or no evidence");
    }
    return bundle;
  }
}
