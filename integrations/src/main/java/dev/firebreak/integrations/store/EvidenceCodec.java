package dev.firebreak.integrations.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.RecordedExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Evidence, diagnoses and recorded exchanges as JSON: the model records map one to one, instants as
 * RFC 3339 text. Used by the store and by bundles, so a bundle holds exactly what the store
 * holds.
 */
public final class EvidenceCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final TypeReference<List<RecordedExchange>> EXCHANGES = new TypeReference<>() {};

  private EvidenceCodec() {}

  /** The mapper that reads and writes model records, for callers that embed them. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Evidence evidence) {
    try {
      return MAPPER.writeValueAsString(evidence);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Evidence readEvidence(String json) {
    try {
      return MAPPER.readValue(json, Evidence.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt evidence: " + e.getMessage(), e);
    }
  }

  public static String write(Diagnosis diagnosis) {
    try {
      return MAPPER.writeValueAsString(diagnosis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Diagnosis readDiagnosis(String json) {
    try {
      return MAPPER.readValue(json, Diagnosis.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt diagnosis: " + e.getMessage(), e);
    }
  }

  static byte[] gzipExchanges(List<RecordedExchange> exchanges) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      MAPPER.writeValue(out, exchanges);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<RecordedExchange> gunzipExchanges(byte[] gzipped) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return MAPPER.readValue(in, EXCHANGES);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt recorded exchanges: " + e.getMessage(), e);
    }
  }
}
