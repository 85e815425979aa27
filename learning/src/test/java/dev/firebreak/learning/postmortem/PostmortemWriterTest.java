package dev.firebreak.learning.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.EvidenceKind;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.IncidentDetail;
import dev.firebreak.analysis.model.IncidentStatus;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.MetricUnit;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.Sample;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Signal;
import dev.firebreak.analysis.model.SignalStatus;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.analysis.model.SourceOutcome;
import dev.firebreak.analysis.model.SourceReport;
import dev.firebreak.analysis.model.StoredSignal;
import dev.firebreak.analysis.model.SuspectService;
import dev.firebreak.analysis.model.TimeWindow;
import dev.firebreak.analysis.model.TimelineEntry;
import dev.firebreak.analysis.model.TimelineKind;
import dev.firebreak.analysis.model.TraceFinding;
import dev.firebreak.learning.recall.IncidentRecall;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The postmortem says only what the record holds, in the template's sections. */
class PostmortemWriterTest {

  private static final Instant ONSET = Instant.parse("2026-11-20T07:52:30Z");
  private static final Instant STARTED = Instant.parse("2026-11-20T08:00:00Z");
  private static final Instant RECEIVED = Instant.parse("2026-11-20T08:00:00.412Z");
  private static final Instant ACKED = Instant.parse("2026-11-20T08:21:07Z");
  private static final Instant RESOLVED = Instant.parse("2026-11-20T08:47:13.5Z");
  private static final Instant DIAGNOSED = Instant.parse("2026-11-20T08:06:41Z");
  private static final Instant FIRST_LOG = Instant.parse("2026-11-20T07:59:58Z");

  private static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

  @Test
  void everyTimeAndFigure_comesFromTheRecord() {
    PostmortemWriter.Record record = record();
    String markdown = PostmortemWriter.write(record);

    Set<String> recordTimes = new HashSet<>();
    Stream.of(ONSET, STARTED, RECEIVED, ACKED, RESOLVED, DIAGNOSED, FIRST_LOG)
        .forEach(at -> recordTimes.add(at.toString()));
    Matcher times = TIME.matcher(markdown);
    int found = 0;
    while (times.find()) {
      found++;
      assertThat(recordTimes).as("a time in the postmortem").contains(times.group());
    }
    assertThat(found).isGreaterThan(10);

    MetricSeries memory = record.evidence().get().metrics().get(0);
    MetricUnit unit = MetricUnit.of(memory);
    assertThat(markdown)
        .contains(
            "`process_resident_memory_bytes`: "
                + unit.format(210_062_216)
                + " before → "
                + unit.format(726_163_447)
                + " at peak, leaving its baseline at "
                + ONSET
                + " (metric:1)")
        .contains("Duration: 47 min 13 s, from " + STARTED + " to " + RESOLVED)
        .contains(
            "First anomaly: `process_resident_memory_bytes` left its baseline at "
                + ONSET
                + " (metric:1), 7 min 30 s before the alert started")
        .contains("Acknowledged: " + ACKED + ", 21 min 7 s after opening")
        .contains("**memory leak** in checkout, 82%")
        .contains("(evidence metric:1, log:3)")
        .contains(
            "`OutOfMemoryError in <*>`: 412 lines in the incident, 0 before, first seen "
                + FIRST_LOG)
        .contains(
            "checkout POST /orders: GC overhead limit exceeded, in 7 traces via frontend → checkout")
        .contains("| " + ACKED + " | acknowledged: acknowledged in pagerduty by Carol |")
        .contains(
            "Incident 7: checkout OOM after 2.3 rollout (91% similar, cause memory_leak; resolved: rolled back to 2.2)")
        .contains("- [ ] Find the leak in checkout")
        .contains(
            "- [ ] Alert sooner: `process_resident_memory_bytes` left its baseline 7 min 30 s before **CheckoutOOM** started (metric:1, signal 11).")
        .contains("- [ ] Check the paging path: acknowledging took 21 min 7 s")
        .contains("- [ ] Fix evidence source loki: it timed out during investigation run 2")
        .contains(
            PostmortemWriter.TO_WRITE
                + " what went well, what went wrong, and where we got lucky.");
    assertThat(PostmortemWriter.summaryOf(markdown))
        .startsWith("Checkout pods restarting. Severity critical, service checkout.")
        .contains(
            "Likely root cause: memory leak in checkout (82% confidence, evidence metric:1, log:3).");
  }

  @Test
  void theServicesMostLikelyAtTheRoot_areListedWithTheirReasons() {
    assertThat(PostmortemWriter.write(record()))
        .contains(
            "Services most likely at the root:\n\n"
                + "- **checkout** (0.90): 7 of 7 failing traces begin in checkout POST /orders"
                + " (evidence trace:2, metric:1)\n"
                + "- **frontend** (0.05): the alert fires on it\n");
  }

  @Test
  void sameRecord_sameText() {
    assertThat(PostmortemWriter.write(record())).isEqualTo(PostmortemWriter.write(record()));
  }

  @Test
  void withoutDiagnosisOrEvidence_saysSoAndLeavesTheCauseToPeople() {
    PostmortemWriter.Record full = record();
    String markdown =
        PostmortemWriter.write(
            new PostmortemWriter.Record(
                full.detail(), 9, Optional.empty(), Optional.empty(), List.of()));
    assertThat(markdown)
        .contains("Peak values: none recorded")
        .contains("No diagnosis is recorded.")
        .contains(PostmortemWriter.TO_WRITE + " the root cause.")
        .contains("None found in memory.")
        .doesNotContain("Likely root cause");
  }

  static PostmortemWriter.Record record() {
    Incident incident =
        new Incident(
            42,
            "Checkout pods restarting",
            IncidentStatus.RESOLVED,
            Severity.CRITICAL,
            "checkout",
            Map.of("service", "checkout"),
            Set.of(Source.ALERTMANAGER, Source.PAGERDUTY),
            STARTED,
            RESOLVED,
            STARTED,
            ACKED,
            RESOLVED,
            2);
    Signal alert =
        new Signal(
            Source.ALERTMANAGER,
            "am:1",
            "group",
            "fp",
            SignalStatus.FIRING,
            "firing",
            Severity.CRITICAL,
            "Checkout pods restarting",
            Map.of("alertname", "CheckoutOOM", "service", "checkout"),
            Map.of(),
            Map.of(),
            STARTED,
            null,
            0);
    Signal resolved =
        new Signal(
            Source.ALERTMANAGER,
            "am:2",
            "group",
            "fp",
            SignalStatus.RESOLVED,
            "resolved",
            Severity.CRITICAL,
            "Checkout pods restarting",
            Map.of("alertname", "CheckoutOOM", "service", "checkout"),
            Map.of(),
            Map.of(),
            STARTED,
            RESOLVED,
            0);
    IncidentDetail detail =
        new IncidentDetail(
            incident,
            List.of(
                new StoredSignal(11, RECEIVED, alert, 42L),
                new StoredSignal(12, RESOLVED, resolved, 42L)),
            List.of(
                new TimelineEntry(
                    STARTED,
                    TimelineKind.OPENED,
                    "opened by alertmanager firing: CheckoutOOM",
                    11L),
                new TimelineEntry(
                    ACKED, TimelineKind.ACKNOWLEDGED, "acknowledged in pagerduty by Carol", null),
                new TimelineEntry(
                    RESOLVED,
                    TimelineKind.RESOLVED,
                    "resolved: no signal is firing any more",
                    12L)));
    MetricSeries memory =
        new MetricSeries(
            "metric:1",
            "discovered",
            "process_resident_memory_bytes{service=\"checkout\"}",
            "process_resident_memory_bytes",
            Map.of("service", "checkout"),
            List.of(new Sample(ONSET, 210_062_216), new Sample(STARTED, 726_163_447)));
    Evidence evidence =
        new Evidence(
            42,
            2,
            DIAGNOSED,
            new TimeWindow(ONSET, RESOLVED),
            List.of(
                new SourceReport(
                    "prometheus",
                    EvidenceKind.METRICS,
                    List.of("q"),
                    DIAGNOSED,
                    40,
                    SourceOutcome.OK,
                    "",
                    1),
                new SourceReport(
                    "loki",
                    EvidenceKind.LOGS,
                    List.of("q"),
                    DIAGNOSED,
                    15000,
                    SourceOutcome.TIMED_OUT,
                    "no answer within 15 s",
                    0)),
            List.of(memory),
            List.of(),
            List.of());
    Diagnosis diagnosis =
        new Diagnosis(
            42,
            2,
            DIAGNOSED,
            "rules",
            List.of(
                new MetricAnomaly(
                    "metric:1",
                    "process_resident_memory_bytes",
                    ONSET,
                    0.81,
                    0.9,
                    210_062_216,
                    726_163_447)),
            List.of(
                new LogPattern(
                    "OutOfMemoryError in <*>", "error", 0, 412, FIRST_LOG, true, List.of("log:3"))),
            List.of(
                new TraceFinding(
                    "checkout",
                    "POST /orders",
                    "GC overhead limit exceeded",
                    List.of("frontend", "checkout"),
                    7,
                    "",
                    List.of("trace:2"))),
            List.of(
                new Hypothesis(
                    RootCause.MEMORY_LEAK,
                    "checkout",
                    0.82,
                    "resident memory grew 3.5x",
                    List.of("metric:1", "log:3"))),
            Severity.CRITICAL,
            List.of(),
            List.of(
                new SuspectService(
                    "checkout",
                    0.9,
                    List.of("7 of 7 failing traces begin in checkout POST /orders"),
                    List.of("trace:2", "metric:1")),
                new SuspectService("frontend", 0.05, List.of("the alert fires on it"), List.of())));
    MemoryDocument past =
        new MemoryDocument(
            "incident:7",
            7L,
            "checkout OOM after 2.3 rollout",
            "text",
            "checkout",
            "memory_leak",
            "rolled back to 2.2",
            true,
            STARTED,
            STARTED,
            "/api/incidents/7/postmortem");
    return new PostmortemWriter.Record(
        detail,
        31,
        Optional.of(diagnosis),
        Optional.of(evidence),
        List.of(new IncidentRecall.Similar(past, 0.912, 0.03)));
  }
}
