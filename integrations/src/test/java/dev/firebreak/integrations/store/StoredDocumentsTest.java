package dev.firebreak.integrations.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.SuspectService;
import dev.firebreak.analysis.model.TraceFinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stored evidence and diagnoses are versioned documents. Documents of the shape stored before
 * versions existed (the example bundles' evidence, a diagnosis written then) are still read,
 * field for field; writing adds the version and changes nothing else; a document with a field
 * the code does not know, or of a newer version, is refused rather than read with data lost.
 * A renamed record component fails this test until the codec maps the old name.
 */
class StoredDocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  /** A diagnosis with every field set, as the rules and the LLM step write them. */
  static Diagnosis sampleDiagnosis() {
    return new Diagnosis(
        42,
        2,
        T0.plusSeconds(90),
        "rules+llm",
        List.of(
            new MetricAnomaly(
                "metric:3", "http_server_requests_seconds_count", T0, 0.83, 0.4, 12.5, 97.25)),
        List.of(
            new LogPattern(
                "connection refused to <*>:5432",
                "error",
                0,
                57,
                T0,
                true,
                List.of("log:1", "log:7"))),
        List.of(
            new TraceFinding(
                "payments",
                "POST /charge",
                "timeout calling db",
                List.of("checkout", "payments"),
                12,
                "SELECT orders",
                List.of("trace:2"))),
        List.of(
            new Hypothesis(
                RootCause.DEPENDENCY_DOWN,
                "payments",
                0.72,
                "payments fails on its database",
                List.of("log:1", "trace:2")),
            new Hypothesis(RootCause.TRAFFIC_SURGE, "", 0.1, "requests rose", List.of("metric:3"))),
        Severity.HIGH,
        List.of("llm refined the ranking"));
  }

  private static Path repository() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples"))) {
        return dir;
      }
    }
    throw new IllegalStateException("examples/ not found");
  }

  private static String resource(String name) throws IOException {
    try (var in = StoredDocumentsTest.class.getResourceAsStream("/documents/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void evidenceOfTodaysShapeIsReadFieldForFieldAndWrittenWithItsVersion() throws Exception {
    List<Path> bundles = new ArrayList<>();
    try (Stream<Path> files = Files.walk(repository().resolve("examples"))) {
      files.filter(file -> file.toString().endsWith(".bundle.json")).forEach(bundles::add);
    }
    assertThat(bundles).hasSizeGreaterThanOrEqualTo(3);
    for (Path bundle : bundles) {
      JsonNode stored = JSON.readTree(bundle.toFile()).get("evidence");
      Evidence evidence = EvidenceCodec.readEvidence(stored.toString());
      ObjectNode written = (ObjectNode) JSON.readTree(EvidenceCodec.write(evidence));
      assertThat(written.remove("schema").asInt()).isEqualTo(EvidenceCodec.EVIDENCE_SCHEMA);
      assertThat(written).as(bundle.toString()).isEqualTo(stored);
      assertThat(EvidenceCodec.readEvidence(EvidenceCodec.write(evidence))).isEqualTo(evidence);
    }
  }

  @Test
  void diagnosisWrittenBeforeServicesWereRankedIsReadFieldForFieldWithNoServices()
      throws Exception {
    String stored = resource("diagnosis-unversioned.json");
    assertThat(EvidenceCodec.readDiagnosis(stored)).isEqualTo(sampleDiagnosis());
    ObjectNode written = (ObjectNode) JSON.readTree(EvidenceCodec.write(sampleDiagnosis()));
    assertThat(written.remove("schema").asInt()).isEqualTo(EvidenceCodec.DIAGNOSIS_SCHEMA);
    assertThat(written.remove("services")).isEmpty();
    assertThat(written).isEqualTo(JSON.readTree(stored));
  }

  @Test
  void diagnosisWithItsServiceRankingRoundTrips() {
    Diagnosis sample = sampleDiagnosis();
    Diagnosis ranked =
        new Diagnosis(
            sample.incidentId(),
            sample.run(),
            sample.createdAt(),
            sample.method(),
            sample.anomalies(),
            sample.logPatterns(),
            sample.traces(),
            sample.hypotheses(),
            sample.severity(),
            sample.notes(),
            List.of(
                new SuspectService(
                    "payments",
                    0.8,
                    List.of("12 of 12 failing traces begin in payments POST /charge"),
                    List.of("trace:2")),
                new SuspectService("checkout", 0.05, List.of("the alert fires on it"), List.of())));
    assertThat(EvidenceCodec.readDiagnosis(EvidenceCodec.write(ranked))).isEqualTo(ranked);
  }

  @Test
  void aFieldTheCodeDoesNotKnowOrANewerVersionIsRefusedNotDropped() throws Exception {
    ObjectNode unknown = (ObjectNode) JSON.readTree(resource("diagnosis-unversioned.json"));
    unknown.put("rootCauseTree", "added by a newer Firebreak");
    assertThatThrownBy(() -> EvidenceCodec.readDiagnosis(unknown.toString()))
        .hasMessageContaining("rootCauseTree");
    ObjectNode newer = (ObjectNode) JSON.readTree(EvidenceCodec.write(sampleDiagnosis()));
    newer.put("schema", EvidenceCodec.DIAGNOSIS_SCHEMA + 1);
    assertThatThrownBy(() -> EvidenceCodec.readDiagnosis(newer.toString()))
        .hasMessageContaining("version " + (EvidenceCodec.DIAGNOSIS_SCHEMA + 1));
  }
}
