package dev.firebreak.gateway.config;

import dev.firebreak.analysis.investigate.InvestigationSettings;
import dev.firebreak.analysis.port.EvidenceLimits;
import dev.firebreak.integrations.elasticsearch.ElasticsearchSettings;
import dev.firebreak.integrations.http.EndpointSettings;
import dev.firebreak.integrations.loki.LokiSettings;
import dev.firebreak.integrations.prometheus.PrometheusSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** Reads the evidence settings: the investigation's bounds and each source's endpoint. */
final class EvidenceSettingsReader {

  /** Settings that shape an investigation; bundles carry them (all but secrets and URLs). */
  private static final List<String> REPLAYED_PREFIXES =
      List.of(
          "FIREBREAK_EVIDENCE_",
          "FIREBREAK_PROMETHEUS_",
          "FIREBREAK_LOKI_",
          "FIREBREAK_ELASTICSEARCH_",
          "FIREBREAK_CORRELATION_",
          "FIREBREAK_REOPEN_",
          "FIREBREAK_SEVERITY_",
          "FIREBREAK_DEFAULT_SEVERITY");

  private final ConfigLoader config;

  EvidenceSettingsReader(ConfigLoader config) {
    this.config = config;
  }

  EvidenceConfig read() {
    Duration timeout = config.duration(Setting.EVIDENCE_TIMEOUT);
    if (timeout.isZero()) {
      throw new ConfigException(Setting.EVIDENCE_TIMEOUT.key() + ": must be more than 0");
    }
    EvidenceLimits limits =
        new EvidenceLimits(
            config.integer(Setting.EVIDENCE_MAX_SERIES, 1, 10_000),
            config.integer(Setting.EVIDENCE_MAX_POINTS, 2, 11_000),
            config.integer(Setting.EVIDENCE_MAX_LOG_LINES, 1, 100_000),
            config.integer(Setting.EVIDENCE_MAX_TRACES, 1, 1_000),
            config.integer(Setting.EVIDENCE_MAX_RESPONSE_BYTES, 1024, 512 * 1024 * 1024));
    List<String> labels = config.list(Setting.EVIDENCE_LABELS);
    if (labels.isEmpty()) {
      throw new ConfigException(Setting.EVIDENCE_LABELS.key() + ": name at least one label");
    }
    InvestigationSettings investigation =
        new InvestigationSettings(
            config.duration(Setting.EVIDENCE_LOOKBACK),
            config.duration(Setting.EVIDENCE_AFTER),
            timeout,
            limits,
            labels,
            config.integer(Setting.EVIDENCE_RUNS, 1, 100),
            config.duration(Setting.EVIDENCE_RERUN_DELAY),
            config.integer(Setting.EVIDENCE_WORKERS, 1, 64),
            5);

    Optional<PrometheusSettings> prometheus =
        endpoint("PROMETHEUS", timeout)
            .map(
                endpoint ->
                    new PrometheusSettings(
                        endpoint,
                        queries(),
                        config.bool(Setting.PROMETHEUS_DISCOVERY),
                        40,
                        config.duration(Setting.PROMETHEUS_RATE_WINDOW)));
    Optional<LokiSettings> loki =
        endpoint("LOKI", timeout)
            .map(endpoint -> new LokiSettings(endpoint, pairs(Setting.LOKI_LABELS), 5000));
    Optional<ElasticsearchSettings> elasticsearch =
        endpoint("ELASTICSEARCH", timeout).map(endpoint -> elasticsearch(endpoint));
    return new EvidenceConfig(
        investigation,
        prometheus,
        loki,
        elasticsearch,
        endpoint("JAEGER", timeout),
        endpoint("TEMPO", timeout),
        endpoint("ZIPKIN", timeout),
        replayable());
  }

  private ElasticsearchSettings elasticsearch(EndpointSettings endpoint) {
    Map<String, String> fields = pairs(Setting.ELASTICSEARCH_FIELDS);
    for (String required : List.of("timestamp", "message", "level", "service")) {
      if (!fields.containsKey(required)) {
        throw new ConfigException(
            Setting.ELASTICSEARCH_FIELDS.key()
                + ": name the "
                + required
                + " field ("
                + required
                + "=FIELD)");
      }
    }
    String index = config.raw(Setting.ELASTICSEARCH_INDEX);
    if (index.isEmpty() || index.contains("/") || index.contains(" ")) {
      throw new ConfigException(
          Setting.ELASTICSEARCH_INDEX.key()
              + "="
              + index
              + ": expected an index name or pattern such as logs-*");
    }
    return new ElasticsearchSettings(
        endpoint,
        index,
        fields.get("timestamp"),
        fields.get("message"),
        fields.get("level"),
        fields.get("service"),
        config.list(Setting.ELASTICSEARCH_ERROR_LEVELS));
  }

  /** The endpoint of a source, when its URL is set. */
  private Optional<EndpointSettings> endpoint(String prefix, Duration timeout) {
    Setting url = Setting.valueOf(prefix + "_URL");
    String value = config.raw(url);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    EndpointSettings endpoint;
    try {
      endpoint = EndpointSettings.of(value, timeout);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(url.key() + "=" + value + ": expected an http:// or https:// URL");
    }
    if (!endpoint.baseUrl().username().isEmpty() || !endpoint.baseUrl().password().isEmpty()) {
      throw new ConfigException(
          url.key()
              + ": put credentials in "
              + prefix
              + "_USERNAME and "
              + prefix
              + "_PASSWORD, not in the URL");
    }
    Optional<String> token = config.text(Setting.valueOf(prefix + "_TOKEN"));
    Optional<String> user = config.text(Setting.valueOf(prefix + "_USERNAME"));
    Optional<String> password = config.text(Setting.valueOf(prefix + "_PASSWORD"));
    if (user.isPresent() != password.isPresent()) {
      throw new ConfigException(
          "FIREBREAK_"
              + prefix
              + "_USERNAME and FIREBREAK_"
              + prefix
              + "_PASSWORD must be set together");
    }
    if (token.isPresent() && user.isPresent()) {
      throw new ConfigException(
          "FIREBREAK_"
              + prefix
              + "_TOKEN and basic auth are exclusive:"
              + " both would be sent as Authorization");
    }
    if (token.isPresent()) {
      endpoint = endpoint.withBearerToken(token.get());
    }
    if (user.isPresent()) {
      endpoint = endpoint.withBasicAuth(user.get(), password.get());
    }
    for (Map.Entry<String, String> header :
        pairs(Setting.valueOf(prefix + "_HEADERS")).entrySet()) {
      if (!header.getKey().matches("[A-Za-z0-9-]+")) {
        // The value may be a credential: name the header only.
        throw new ConfigException(
            "FIREBREAK_"
                + prefix
                + "_HEADERS: '"
                + header.getKey()
                + "' is not an HTTP header name");
      }
      endpoint = endpoint.withHeader(header.getKey(), header.getValue());
    }
    return Optional.of(endpoint);
  }

  private Map<String, String> queries() {
    Optional<String> file = config.text(Setting.PROMETHEUS_QUERIES_FILE);
    if (file.isEmpty()) {
      return Map.of();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(file.get()))) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(
          Setting.PROMETHEUS_QUERIES_FILE.key()
              + ": cannot read "
              + file.get()
              + ": "
              + e.getMessage());
    }
    Map<String, String> queries = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      String query = properties.getProperty(name).trim();
      if (query.isEmpty()) {
        throw new ConfigException(file.get() + ": query " + name + " is empty");
      }
      queries.put(name, query);
    }
    return queries;
  }

  /** {@code a=b,c=d}; values may contain {@code =} but not commas. */
  private Map<String, String> pairs(Setting setting) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String item : config.list(setting)) {
      int equals = item.indexOf('=');
      if (equals <= 0 || equals == item.length() - 1) {
        String shown = setting.isSecret() ? "an item" : "'" + item + "'";
        throw new ConfigException(setting.key() + ": " + shown + " is not NAME=VALUE");
      }
      pairs.put(item.substring(0, equals).trim(), item.substring(equals + 1).trim());
    }
    return pairs;
  }

  private Map<String, String> replayable() {
    Map<String, String> values = new TreeMap<>();
    for (Setting setting : Setting.ALL) {
      boolean shaping = REPLAYED_PREFIXES.stream().anyMatch(setting.key()::startsWith);
      if (shaping
          && !setting.isSecret()
          && !setting.key().endsWith("_URL")
          && !setting.key().endsWith("_USERNAME")
          && setting != Setting.PROMETHEUS_QUERIES_FILE) {
        values.put(setting.key(), config.raw(setting));
      }
    }
    return values;
  }
}
