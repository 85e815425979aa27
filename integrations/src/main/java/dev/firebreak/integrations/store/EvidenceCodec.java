package dev.firebreak.integrations.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.MemoryDocument;
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
 *
 * <p>Stored evidence and diagnoses are versioned documents ({@code "schema": n}). Reading is
 * strict: a field the records do not have, or a missing one, is an error rather than data
 * silently dropped or defaulted, so renaming a record component breaks reading of stored
 * documents (and {@code StoredDocumentsTest}) until an upgrade step below maps the old shape.
 * Documents written before versions existed are version 0, of the same shape as version 1.
 */
public final class EvidenceCodec {

  /** The version of stored evidence written now. */
  public static final int EVIDENCE_SCHEMA = 1;

  /** The version of stored diagnoses written now. */
  public static final int DIAGNOSIS_SCHEMA = 2;

  /** The version of stored memory documents written now. */
  public static final int MEMORY_SCHEMA = 1;

  private static final String SCHEMA = "schema";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper STRICT =
      MAPPER
          .copy()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final TypeReference<List<RecordedExchange>> EXCHANGES = new TypeReference<>() {};

  private EvidenceCodec() {}

  /** The mapper that reads and writes model records, for callers that embed them. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Evidence evidence) {
    return versioned(evidence, EVIDENCE_SCHEMA);
  }

  public static Evidence readEvidence(String json) {
    return read(json, "evidence", EVIDENCE_SCHEMA, Evidence.class);
  }

  public static String write(Diagnosis diagnosis) {
    return versioned(diagnosis, DIAGNOSIS_SCHEMA);
  }

  public static Diagnosis readDiagnosis(String json) {
    return read(
        json,
        "diagnosis",
        DIAGNOSIS_SCHEMA,
        Diagnosis.class,
        (schema, document) -> {
          if (schema < 2) {
            // Version 2 ranks the services most likely at the root; earlier diagnoses did not.
            document.putArray("services");
          }
        });
  }

  public static String write(MemoryDocument document) {
    return versioned(document, MEMORY_SCHEMA);
  }

  public static MemoryDocument readMemoryDocument(String json) {
    return read(json, "memory document", MEMORY_SCHEMA, MemoryDocument.class);
  }

  private static String versioned(Object document, int schema) {
    ObjectNode tree = MAPPER.createObjectNode();
    tree.put(SCHEMA, schema);
    tree.setAll((ObjectNode) MAPPER.valueToTree(document));
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a stored document of any version up to {@code current}. Versions 0 and 1 have one
   * shape; a later version's reader passes the upgrade from the versions before it.
   */
  /** Brings a stored document of an older version to the current shape, in place. */
  @FunctionalInterface
  private interface Upgrade {
    void apply(int schema, ObjectNode document);
  }

  private static <T> T read(String json, String what, int current, Class<T> type) {
    return read(json, what, current, type, (schema, document) -> {});
  }

  private static <T> T read(String json, String what, int current, Class<T> type, Upgrade upgrade) {
    try {
      JsonNode tree = STRICT.readTree(json);
      if (!(tree instanceof ObjectNode document)) {
        throw new IllegalStateException("corrupt " + what + ": not a JSON object");
      }
      JsonNode version = document.remove(SCHEMA);
      int schema = version == null ? 0 : version.asInt(-1);
      if (schema < 0 || schema > current) {
        throw new IllegalStateException(
            what
                + " document of version "
                + (version == null ? "?" : version.asText())
                + "; this Firebreak reads versions up to "
                + current);
      }
      upgrade.apply(schema, document);
      return STRICT.treeToValue(document, type);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt " + what + ": " + e.getMessage(), e);
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
