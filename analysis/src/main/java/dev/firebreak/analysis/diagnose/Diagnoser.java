package dev.firebreak.analysis.diagnose;

import dev.firebreak.analysis.model.Diagnosis;
import dev.firebreak.analysis.model.Evidence;
import dev.firebreak.analysis.model.Hypothesis;
import dev.firebreak.analysis.model.Incident;
import dev.firebreak.analysis.model.LogPattern;
import dev.firebreak.analysis.model.MetricAnomaly;
import dev.firebreak.analysis.model.MetricSeries;
import dev.firebreak.analysis.model.MetricUnit;
import dev.firebreak.analysis.model.RootCause;
import dev.firebreak.analysis.model.SeriesName;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.SuspectService;
import dev.firebreak.analysis.model.TraceFinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns evidence into a diagnosis with deterministic rules: the metrics that moved (isolation
 * forest, first mover first), new and surged log templates, where traces first fail, and
 * hypotheses per root cause whose confidence grows with each independent piece of evidence
 * ({@code 1 - Π(1 - w)}), each citing what it rests on.
 */
public final class Diagnoser {

  private static final Pattern ERROR_STATUS =
      Pattern.compile(
          "^[45]\\d\\d$|SERVER_ERROR|CLIENT_ERROR|IO_ERROR|^error$|^failed$|^failure$"
              // Micrometer's outcome of a call that threw; gRPC's failure codes.
              + "|^unknown$|^unavailable$|^deadline_?exceeded$|^internal$|^data_?loss$",
          Pattern.CASE_INSENSITIVE);
  private static final List<String> STATUS_LABELS =
      List.of(
          "code",
          "status",
          "status_code",
          "http_status",
          "http_response_status_code",
          "outcome",
          "grpc_code",
          "rpc_grpc_status_code",
          "kind",
          "error_type",
          "exception");

  /** What a call-counting series names its failures by, when not by a status label. */
  private static final Pattern FAILURE_NAME =
      Pattern.compile("error|fail|timeout|not_permitted|slow_call", Pattern.CASE_INSENSITIVE);

  /** A latency series (a quantile or maximum, not a count or sum that grows with calls). */
  private static final Pattern DURATION_NAME =
      Pattern.compile(
          "(seconds|duration|latency|milliseconds|_ms)(_bucket|_max)?$|_bucket$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern OPEN_BREAKER =
      Pattern.compile("^(open|half_open|forced_open)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern DEPENDENCY_FAILURE =
      Pattern.compile(
          "refused|unavailable|"
              + "time(d)? ?out|reset|unreachable|no route|\\b50[234]\\b|EOF|broken pipe",
          Pattern.CASE_INSENSITIVE);
  private static final double MAX_CONFIDENCE = 0.95;
  private static final Duration EXPIRY_HORIZON = Duration.ofDays(7);

  private final RuleBook rules;
  private final Optional<LlmRefiner> refiner;
  private volatile Experience experience = Experience.NONE;

  /** {@link MetricSeries#origin()} of the series the alert's own expression gave. */
  private static final String ALERT_ORIGIN = "alert";

  public Diagnoser(RuleBook rules) {
    this(rules, Optional.empty());
  }

  /** @param refiner a language model's second opinion, used only where it cites evidence */
  public Diagnoser(RuleBook rules, Optional<LlmRefiner> refiner) {
    this.rules = rules;
    this.refiner = refiner;
  }

  /** Lets past incidents reweigh each diagnosis (see {@link Experience}). */
  public Diagnoser withExperience(Experience learned) {
    this.experience = learned;
    return this;
  }

  public Diagnosis diagnose(Incident incident, Evidence evidence, Instant now) {
    Diagnosis byRules = byRules(incident, evidence, now);
    Diagnosis refined = refiner.map(r -> r.refine(byRules, incident, evidence)).orElse(byRules);
    return experience.apply(incident, refined);
  }

  private Diagnosis byRules(Incident incident, Evidence evidence, Instant now) {
    MetricAnalysis.Result metrics =
        MetricAnalysis.analyse(evidence.metrics(), incident.openedAt(), incident.id());
    List<LogPattern> logs =
        LogAnalysis.analyse(
            evidence.logs(),
            evidence.window().start(),
            incident.openedAt(),
            evidence.window().end());
    List<TraceFinding> traces = TraceAnalysis.analyse(evidence.traces());
    Map<String, MetricSeries> series = new HashMap<>();
    evidence.metrics().forEach(s -> series.put(s.id(), s));

    Map<RootCause, Case> cases = new EnumMap<>(RootCause.class);
    ServiceRanking ranking = new ServiceRanking();
    Set<String> traced = new java.util.HashSet<>();
    evidence.traces().forEach(t -> t.spans().forEach(span -> traced.add(span.service())));
    // Calls that failed against a service that is itself traced: they show where the failure
    // spread, and count for the cause the culprit's own evidence names (see below).
    List<FailedCall> failedCalls = new ArrayList<>();
    boolean first = true;
    for (MetricAnomaly anomaly : metrics.anomalies()) {
      MetricSeries s = series.get(anomaly.evidenceId());
      boolean rose = anomaly.peak() > anomaly.baselineMean();
      List<RootCause> pointed = new ArrayList<>(rules.causesOfMetric(s.name(), rose));
      if (rose && rules.isOutboundCall(s.name()) && isCallFailure(s)) {
        String callee = calleeOf(s);
        if (traced.contains(callee)) {
          failedCalls.add(
              new FailedCall(
                  metricWeight(anomaly, first),
                  List.of(s.id()),
                  describe(s, anomaly, first, incident.service()),
                  callee));
          ranking.symptom(serviceOf(s), s.id(), anomaly.onset());
          first = false;
          continue;
        }
        pointed.remove(RootCause.TRAFFIC_SURGE);
        if (!pointed.contains(RootCause.DEPENDENCY_DOWN)) {
          pointed.add(RootCause.DEPENDENCY_DOWN);
        }
      }
      boolean cited = false;
      for (RootCause cause : pointed) {
        // The alert's own expression over request counters is the symptom — an error ratio,
        // a latency — evidence of impact, never of more traffic; the request-rate series
        // discovered beside it say whether traffic rose.
        if (cause == RootCause.TRAFFIC_SURGE
            && (ALERT_ORIGIN.equals(s.origin()) || !isTrafficSurge(s, anomaly))) {
          continue;
        }
        Case c = cases.computeIfAbsent(cause, k -> new Case());
        c.add(
            metricWeight(anomaly, first),
            anomaly.evidenceId(),
            describe(s, anomaly, first, incident.service()),
            serviceOf(s));
        c.onset(anomaly.onset());
        cited = true;
      }
      if (cited && !ALERT_ORIGIN.equals(s.origin())) {
        ranking.cause(
            serviceOf(s), describe(s, anomaly, false, incident.service()), s.id(), anomaly.onset());
      } else {
        ranking.symptom(serviceOf(s), s.id(), anomaly.onset());
      }
      first = false;
    }
    deploys(evidence, incident, metrics.anomalies(), cases, ranking);
    expiringCertificates(evidence, cases, ranking);
    for (LogPattern pattern : logs) {
      for (RootCause cause : rules.causesOfLog(pattern.template())) {
        double weight =
            (pattern.isNew() ? 0.35 : 0.25) + (LogAnalysis.isError(pattern.level()) ? 0.1 : 0);
        cases
            .computeIfAbsent(cause, c -> new Case())
            .add(
                weight,
                pattern.evidenceIds(),
                (pattern.isNew() ? "new" : "surging")
                    + " log \""
                    + pattern.template()
                    + "\" ("
                    + pattern.incidentCount()
                    + " lines)",
                "");
      }
    }
    for (TraceFinding finding : traces) {
      String text = finding.operation() + " " + finding.message();
      boolean downstream = finding.path().size() > 1;
      String dependency = downstream ? dependencyOf(finding) : "";
      for (RootCause cause : rules.causesOfLog(text)) {
        if (cause == RootCause.DEPENDENCY_DOWN && downstream) {
          failedCall(0.35, finding, dependency, traced, failedCalls, cases);
        } else {
          cases
              .computeIfAbsent(cause, c -> new Case())
              .add(0.35, finding.evidenceIds(), traceReason(finding), finding.service());
        }
      }
      if (downstream && DEPENDENCY_FAILURE.matcher(finding.message()).find()) {
        failedCall(0.45, finding, dependency, traced, failedCalls, cases);
      }
    }
    ranking.traces(traces, evidence.traces());
    List<SuspectService> suspects = ranking.rank(incident.service());
    spread(failedCalls, suspects, cases);

    // More requests make more work: saturation that starts with or after a traffic surge is
    // its effect, not a cause of its own.
    Case surge = cases.get(RootCause.TRAFFIC_SURGE);
    Case saturation = cases.get(RootCause.RESOURCE_SATURATION);
    if (surge != null
        && saturation != null
        && surge.onset != null
        && saturation.onset != null
        && !saturation.onset.isBefore(surge.onset)) {
      saturation.discount(0.6, "follows the traffic surge");
    }
    // Equal confidence is decided by evidence — more pieces of it, then the cause whose
    // evidence moved first — never by the order causes are declared in.
    List<Map.Entry<RootCause, Case>> ranked = new ArrayList<>(cases.entrySet());
    Instant never = Instant.MAX;
    ranked.sort(
        Comparator.comparingDouble((Map.Entry<RootCause, Case> e) -> -e.getValue().confidence())
            .thenComparing(e -> -e.getValue().ids.size())
            .thenComparing(e -> e.getValue().onset == null ? never : e.getValue().onset));
    List<Hypothesis> hypotheses = new ArrayList<>();
    ranked.forEach(e -> hypotheses.add(e.getValue().hypothesis(e.getKey(), incident)));
    if (hypotheses.isEmpty() || hypotheses.get(0).confidence() < 0.3) {
      List<MetricAnomaly> moved = metrics.anomalies().stream().limit(3).toList();
      List<String> cited = moved.stream().map(MetricAnomaly::evidenceId).toList();
      // Say what was seen, by series, so the on-call engineer can look at it.
      String seen =
          moved.stream()
              .map(
                  anomaly ->
                      describe(
                          series.get(anomaly.evidenceId()), anomaly, false, incident.service()))
              .collect(java.util.stream.Collectors.joining("; "));
      hypotheses.add(
          new Hypothesis(
              RootCause.UNKNOWN,
              incident.service(),
              0.3,
              cited.isEmpty()
                  ? "nothing in the evidence points at a known cause"
                  : "metrics moved but match no known cause: " + seen,
              cited));
    }
    List<String> notes = new ArrayList<>(metrics.notes());
    if (evidence.logs().isEmpty()) {
      notes.add("no log lines in the evidence");
    }
    if (evidence.traces().isEmpty()) {
      notes.add("no traces in the evidence");
    }
    return new Diagnosis(
        incident.id(),
        evidence.run(),
        now,
        "rules",
        metrics.anomalies(),
        logs,
        traces,
        hypotheses,
        severity(incident, hypotheses),
        notes,
        suspects);
  }

  /** A call that failed against a traced service: where the failure spread, not a cause. */
  private record FailedCall(double weight, List<String> ids, String reason, String callee) {}

  /** A metric anomaly's weight: more for a larger share of the anomaly, more for moving first. */
  private static double metricWeight(MetricAnomaly anomaly, boolean first) {
    return 0.35 + 0.25 * anomaly.share() + (first ? 0.1 : 0);
  }

  /**
   * A trace's failed call: against a traced service, where the failure spread (see {@link
   * #spread}); against anything else, that dependency down, named after it.
   */
  private static void failedCall(
      double weight,
      TraceFinding finding,
      String dependency,
      Set<String> traced,
      List<FailedCall> failedCalls,
      Map<RootCause, Case> cases) {
    if (traced.contains(dependency)) {
      failedCalls.add(
          new FailedCall(weight, finding.evidenceIds(), traceReason(finding), dependency));
    } else {
      cases
          .computeIfAbsent(RootCause.DEPENDENCY_DOWN, k -> new Case())
          .add(weight, finding.evidenceIds(), traceReason(finding), dependency);
    }
  }

  /**
   * Calls between traced services fail because the service at the root fails: they are
   * evidence for the cause the culprit's own evidence names — a saturated CPU, an exhausted
   * pool, a bad deploy, its own dependency down — not for "a dependency is down" of their own.
   * With no cause known for the culprit, they are what they look like: its callers'
   * dependency failing.
   */
  private static void spread(
      List<FailedCall> calls, List<SuspectService> suspects, Map<RootCause, Case> cases) {
    if (calls.isEmpty()) {
      return;
    }
    String culprit = suspects.isEmpty() ? "" : suspects.get(0).service();
    Optional<Map.Entry<RootCause, Case>> own =
        cases.entrySet().stream()
            .filter(e -> e.getKey() != RootCause.TRAFFIC_SURGE)
            .filter(e -> e.getValue().services.containsKey(culprit))
            .max(
                Comparator.comparingDouble(
                        (Map.Entry<RootCause, Case> e) -> 1 - e.getValue().remaining)
                    .thenComparing(e -> e.getValue().ids.size()));
    for (FailedCall call : calls) {
      if (own.isPresent()) {
        own.get()
            .getValue()
            .add(
                call.weight(),
                call.ids(),
                "calls to " + call.callee() + " fail as " + culprit + " does: " + call.reason(),
                culprit);
      } else {
        cases
            .computeIfAbsent(RootCause.DEPENDENCY_DOWN, k -> new Case())
            .add(call.weight(), call.ids(), call.reason(), call.callee());
      }
    }
  }

  /** Labels that name the service an outbound-call series calls, by instrumentation. */
  private static final List<String> CALLEE_LABELS =
      List.of(
          "client_name", // Micrometer http.client.requests
          "peer_service",
          "server_address", // OpenTelemetry
          "net_peer_name",
          "rpc_service",
          "grpc_service",
          "target",
          "name"); // Resilience4j: the circuit breaker, usually named after its backend

  private static String calleeOf(MetricSeries series) {
    for (String label : CALLEE_LABELS) {
      String value = series.labels().get(label);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }

  /**
   * An outbound-call series that counts failures (by a status label, an open circuit breaker
   * or its name) or measures latency — not one that counts calls, which rises with traffic.
   */
  private static boolean isCallFailure(MetricSeries series) {
    for (String label : STATUS_LABELS) {
      String value = series.labels().get(label);
      if (value != null && ERROR_STATUS.matcher(value).find()) {
        return true;
      }
    }
    String state = series.labels().get("state");
    if (state != null) {
      return OPEN_BREAKER.matcher(state).find();
    }
    String name = series.name();
    return FAILURE_NAME.matcher(name).find() || DURATION_NAME.matcher(name).find();
  }

  /** A request counter that rose at least twofold, not counting error responses. */
  private static boolean isTrafficSurge(MetricSeries series, MetricAnomaly anomaly) {
    for (String label : STATUS_LABELS) {
      String value = series.labels().get(label);
      if (value != null && ERROR_STATUS.matcher(value).find()) {
        return false;
      }
    }
    return anomaly.baselineMean() > 0 && anomaly.peak() >= 2 * anomaly.baselineMean();
  }

  /**
   * A deploy shows as a version change on a build-info-like series: the series with one
   * {@code version} (or {@code build_version}) label value stops and one with another value
   * starts — {@code app_build_info{version="1.4.1"}} giving way to {@code …{version="1.4.2"}} —
   * shortly before or at the incident. A version series that merely starts with the data (a
   * new target, a restarted Prometheus) is not a deploy.
   */
  private static void deploys(
      Evidence evidence,
      Incident incident,
      List<MetricAnomaly> anomalies,
      Map<RootCause, Case> cases,
      ServiceRanking ranking) {
    Instant earliest =
        anomalies.stream()
            .map(MetricAnomaly::onset)
            .min(Instant::compareTo)
            .orElse(incident.openedAt());
    Instant from = earliest.minus(Duration.ofMinutes(15));
    Map<String, List<MetricSeries>> families = new HashMap<>();
    for (MetricSeries s : evidence.metrics()) {
      if (version(s) == null || s.samples().isEmpty()) {
        continue;
      }
      Map<String, String> identity = new java.util.TreeMap<>(s.labels());
      identity.remove("version");
      identity.remove("build_version");
      families.computeIfAbsent(s.name() + identity, k -> new ArrayList<>()).add(s);
    }
    for (List<MetricSeries> family : families.values()) {
      for (MetricSeries next : family) {
        Instant appeared = next.samples().get(0).at();
        boolean replacedAnother =
            family.stream()
                .anyMatch(
                    previous ->
                        previous != next
                            && !version(previous).equals(version(next))
                            && previous.samples().get(0).at().isBefore(appeared));
        if (replacedAnother
            && !appeared.isBefore(from)
            && !appeared.isAfter(incident.openedAt().plus(Duration.ofMinutes(1)))) {
          ranking.cause(
              serviceOf(next),
              next.name() + " changed to version " + version(next) + " at " + appeared,
              next.id(),
              appeared);
          cases
              .computeIfAbsent(RootCause.BAD_DEPLOY, c -> new Case())
              .add(
                  0.7,
                  next.id(),
                  next.name()
                      + " changed to version "
                      + version(next)
                      + " at "
                      + appeared
                      + ", shortly before the incident",
                  serviceOf(next));
        }
      }
    }
  }

  /**
   * Certificate expiry series hold a timestamp (epoch seconds): what matters is how close it
   * is, not how much it moved — as blackbox users alert on
   * {@code probe_ssl_earliest_cert_expiry - time() < 7 days}. Such an alert expression itself
   * holds the seconds left, not a timestamp.
   */
  private void expiringCertificates(
      Evidence evidence, Map<RootCause, Case> cases, ServiceRanking ranking) {
    long now = evidence.collectedAt().getEpochSecond();
    for (MetricSeries s : evidence.metrics()) {
      if (s.samples().isEmpty() || !rules.isExpiryTimestamp(s.name())) {
        continue;
      }
      double value = s.samples().get(s.samples().size() - 1).value();
      double left;
      if (MetricUnit.isMetricName(s.name())) {
        left = value - now;
      } else if (MetricUnit.isTimeLeft(s.name())) {
        left = value;
      } else {
        continue; // some other arithmetic on the expiry: what it yields is not known here
      }
      if (!Double.isFinite(left) || left > EXPIRY_HORIZON.toSeconds()) {
        continue;
      }
      String reason =
          left <= 0
              ? s.name()
                  + " says the certificate expired "
                  + MetricUnit.SECONDS.format(-left)
                  + " ago"
              : s.name() + " says the certificate expires in " + MetricUnit.SECONDS.format(left);
      cases
          .computeIfAbsent(RootCause.CERTIFICATE_EXPIRY, c -> new Case())
          .add(left <= 0 ? 0.75 : 0.5, s.id(), reason, serviceOf(s));
      ranking.cause(serviceOf(s), reason, s.id(), s.samples().get(0).at());
    }
  }

  private static String version(MetricSeries series) {
    return series.labels().getOrDefault("version", series.labels().get("build_version"));
  }

  private static Severity severity(Incident incident, List<Hypothesis> hypotheses) {
    Hypothesis top = hypotheses.get(0);
    Set<RootCause> stopping =
        Set.of(
            RootCause.DEPENDENCY_DOWN,
            RootCause.DISK_FULL,
            RootCause.CERTIFICATE_EXPIRY,
            RootCause.CONNECTION_POOL_EXHAUSTION);
    if (top.confidence() >= 0.7
        && stopping.contains(top.cause())
        && Severity.HIGH.moreSevereThan(incident.severity())) {
      return Severity.HIGH;
    }
    return incident.severity();
  }

  private static String describe(
      MetricSeries s, MetricAnomaly anomaly, boolean first, String incidentService) {
    MetricUnit unit = MetricUnit.of(s);
    return String.format(
        Locale.ROOT,
        "%s %s from %s to %s at %s%s",
        label(s, incidentService),
        anomaly.peak() > anomaly.baselineMean() ? "rose" : "fell",
        unit.format(anomaly.baselineMean()),
        unit.format(anomaly.peak()),
        anomaly.onset(),
        first ? " (first to move)" : "");
  }

  /** Labels that set series apart in an explanation; the service when it is not the alert's. */
  private static String label(MetricSeries s, String incidentService) {
    return SeriesName.of(
        s,
        (key, value) ->
            STATUS_LABELS.contains(key)
                || CALLEE_LABELS.contains(key)
                || key.equals("version")
                || key.equals("area")
                || key.equals("device")
                || key.equals("mountpoint")
                || key.equals("pool")
                || (key.equals("service") && !value.equals(incidentService)));
  }

  private static String traceReason(TraceFinding finding) {
    return finding.traces()
        + " failing trace(s) first fail in "
        + finding.service()
        + " "
        + finding.operation()
        + (finding.message().isEmpty() ? "" : " (\"" + finding.message() + "\")")
        + " via "
        + String.join(" → ", finding.path());
  }

  /** The service a failing client span was calling, when the span names it. */
  private static String dependencyOf(TraceFinding finding) {
    return finding.path().get(finding.path().size() - 1);
  }

  private static String serviceOf(MetricSeries s) {
    return s.labels().getOrDefault("service", s.labels().getOrDefault("job", ""));
  }

  /** The evidence gathered for one cause. */
  private static final class Case {
    double remaining = 1;
    double factor = 1;
    Instant onset;
    final Set<String> ids = new LinkedHashSet<>();
    final List<String> reasons = new ArrayList<>();
    final Map<String, Integer> services = new HashMap<>();

    void add(double weight, String id, String reason, String service) {
      add(weight, List.of(id), reason, service);
    }

    void add(double weight, List<String> cited, String reason, String service) {
      remaining *= 1 - Math.min(weight, 0.9);
      ids.addAll(cited);
      if (reasons.size() < 4 && !reasons.contains(reason)) {
        reasons.add(reason);
      }
      if (service != null && !service.isEmpty()) {
        services.merge(service, 1, Integer::sum);
      }
    }

    /** Rounded to hundredths, as shown: two causes that read the same are tied. */
    double confidence() {
      return Math.round(Math.min(MAX_CONFIDENCE, (1 - remaining) * factor) * 100) / 100.0;
    }

    void onset(Instant at) {
      if (onset == null || at.isBefore(onset)) {
        onset = at;
      }
    }

    void discount(double by, String why) {
      factor *= by;
      reasons.add(why);
    }

    Hypothesis hypothesis(RootCause cause, Incident incident) {
      String service =
          services.entrySet().stream()
              .max(
                  Map.Entry.<String, Integer>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
              .map(Map.Entry::getKey)
              .orElse(incident.service() == null ? "" : incident.service());
      return new Hypothesis(
          cause,
          service,
          confidence(),
          cause.description() + ": " + String.join("; ", reasons),
          new ArrayList<>(ids));
    }
  }
}
