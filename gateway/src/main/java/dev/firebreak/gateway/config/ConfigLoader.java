package dev.firebreak.gateway.config;

import dev.firebreak.analysis.correlate.CorrelationSettings;
import dev.firebreak.analysis.model.Severity;
import dev.firebreak.analysis.model.Source;
import dev.firebreak.integrations.chroma.ChromaSettings;
import dev.firebreak.learning.recall.IncidentRecall;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration once from the environment and an optional properties file. Any
 * unknown {@code FIREBREAK_*} name or malformed value stops start-up with a message naming it.
 */
public final class ConfigLoader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Map<String, String> values;
  private final Map<String, String> environment;

  private ConfigLoader(Map<String, String> values, Map<String, String> environment) {
    this.values = values;
    this.environment = environment;
  }

  /** Loads from the process environment (and the file it may name). */
  public static GatewayConfig fromEnvironment() {
    return load(System.getenv());
  }

  /** Loads from the given variables (and the file they may name); environment wins. */
  public static GatewayConfig load(Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>();
    String file = environment.get(Setting.CONFIG_FILE.key());
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file)));
    }
    environment.forEach(
        (key, value) -> {
          if (key.startsWith("FIREBREAK_")) {
            merged.put(key, value);
          }
        });
    rejectUnknown(merged);
    return new ConfigLoader(merged, environment).build();
  }

  private static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(
          Setting.CONFIG_FILE.key() + ": cannot read " + path + ": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (!name.startsWith("FIREBREAK_")) {
        throw new ConfigException(
            path + ": unknown setting " + name + " (settings are named FIREBREAK_…)");
      }
      if (name.equals(Setting.CONFIG_FILE.key())) {
        throw new ConfigException(path + ": " + name + " cannot be set inside the file");
      }
      values.put(name, properties.getProperty(name).trim());
    }
    return values;
  }

  private static void rejectUnknown(Map<String, String> values) {
    TreeSet<String> known = new TreeSet<>();
    for (Setting setting : Setting.ALL) {
      known.add(setting.key());
    }
    TreeSet<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "unknown setting "
              + String.join(", ", unknown)
              + "; known settings are listed by `firebreak config`");
    }
  }

  private GatewayConfig build() {
    var auth =
        new GatewayConfig.WebhookAuthConfig(
            secret(Setting.ALERTMANAGER_TOKEN),
            text(Setting.ALERTMANAGER_USERNAME),
            secret(Setting.ALERTMANAGER_PASSWORD),
            secret(Setting.GRAFANA_TOKEN),
            text(Setting.GRAFANA_USERNAME),
            secret(Setting.GRAFANA_PASSWORD),
            secret(Setting.DATADOG_SECRET),
            headerName(Setting.DATADOG_HEADER),
            secretList(Setting.PAGERDUTY_SECRETS));
    if (auth.alertmanagerUsername().isPresent() != auth.alertmanagerPassword().isPresent()) {
      throw new ConfigException(
          Setting.ALERTMANAGER_USERNAME.key()
              + " and "
              + Setting.ALERTMANAGER_PASSWORD.key()
              + " must be set together");
    }
    if (auth.grafanaUsername().isPresent() != auth.grafanaPassword().isPresent()) {
      throw new ConfigException(
          Setting.GRAFANA_USERNAME.key()
              + " and "
              + Setting.GRAFANA_PASSWORD.key()
              + " must be set together");
    }
    Optional<Secret> readToken = secret(Setting.API_READ_TOKEN);
    Optional<Secret> writeToken = secret(Setting.API_WRITE_TOKEN);
    boolean localMode = auth.isEmpty() && readToken.isEmpty() && writeToken.isEmpty();
    String host = raw(Setting.HOST);
    boolean openOnAllInterfaces = bool(Setting.LOCAL_MODE_ON_ALL_INTERFACES);
    if (host.isEmpty()) {
      host = localMode ? "127.0.0.1" : "0.0.0.0";
    } else if (localMode && !isLoopback(host) && !openOnAllInterfaces) {
      throw new ConfigException(
          Setting.HOST.key()
              + "="
              + host
              + " needs credentials: with no webhook or API credentials configured Firebreak"
              + " only listens on loopback (set credentials, or "
              + Setting.LOCAL_MODE_ON_ALL_INTERFACES.key()
              + "=true to accept unauthenticated requests from anywhere)");
    }
    String databaseUrl = raw(Setting.DATABASE_URL);
    if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigException(
          Setting.DATABASE_URL.key() + ": expected jdbc:sqlite:FILE or jdbc:postgresql://…");
    }
    String logFormat = raw(Setting.LOG_FORMAT);
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new ConfigException(
          Setting.LOG_FORMAT.key() + "=" + logFormat + ": expected text or json");
    }
    Severity fallback = severity(Setting.DEFAULT_SEVERITY, raw(Setting.DEFAULT_SEVERITY));
    Map<Source, SeverityMapping> severity = new EnumMap<>(Source.class);
    severity.put(Source.ALERTMANAGER, severityMap(Setting.SEVERITY_ALERTMANAGER, fallback));
    severity.put(Source.GRAFANA, severityMap(Setting.SEVERITY_GRAFANA, fallback));
    severity.put(Source.DATADOG, severityMap(Setting.SEVERITY_DATADOG, fallback));
    severity.put(Source.PAGERDUTY, severityMap(Setting.SEVERITY_PAGERDUTY, fallback));
    List<String> labels = list(Setting.CORRELATION_LABELS);
    if (labels.isEmpty()) {
      throw new ConfigException(Setting.CORRELATION_LABELS.key() + ": name at least one label");
    }
    Optional<ResponseFileReader> reader =
        text(Setting.RESPONSE_FILE)
            .map(Path::of)
            .map(path -> new ResponseFileReader(path, environment));
    Optional<ResponseFileReader.ResponseFile> parsed = reader.map(ResponseFileReader::read);
    GatewayConfig.NotifyConfig notifications;
    GatewayConfig.RemediationConfig remediation;
    try {
      notifications = notifications(parsed);
      remediation = remediation(parsed, notifications.policy().remediationAttempts());
    } catch (ConfigException e) {
      throw reader.map(file -> file.locate(e)).orElse(e);
    }
    return new GatewayConfig(
        host,
        integer(Setting.PORT, 0, 65535),
        localMode,
        databaseUrl,
        integer(Setting.DATABASE_POOL_SIZE, 1, 200),
        auth,
        readToken,
        writeToken,
        new GatewayConfig.Limits(
            integer(Setting.MAX_BODY_BYTES, 1024, 256 * 1024 * 1024),
            integer(Setting.MAX_ALERTS_PER_REQUEST, 1, 1_000_000),
            integer(Setting.MAX_LABELS, 1, 10_000)),
        new GatewayConfig.ServerConfig(
            integer(Setting.HTTP_THREADS, 16, 10_000),
            positive(Setting.BODY_TIMEOUT),
            integer(Setting.MIN_REQUEST_RATE, 0, 1 << 30),
            integer(Setting.MAX_CONNECTIONS_PER_CLIENT, 0, 1_000_000),
            unauthenticatedBodyBudget(integer(Setting.MAX_BODY_BYTES, 1024, 256 * 1024 * 1024))),
        new GatewayConfig.IntakeConfig(
            integer(Setting.INTAKE_QUEUE, 1, 1_000_000),
            integer(Setting.INTAKE_BATCH, 1, 1_000_000),
            integer(Setting.INTAKE_RECENT_KEYS, 0, 10_000_000),
            duration(Setting.INTAKE_TIMEOUT)),
        new CorrelationSettings(
            duration(Setting.CORRELATION_WINDOW),
            duration(Setting.REOPEN_WINDOW),
            labels,
            bool(Setting.CORRELATION_SAME_SERVICE),
            labelSets(Setting.CORRELATION_APART)),
        severity,
        new EvidenceSettingsReader(this).read(),
        new DiagnosisSettingsReader(this).read(),
        positive(Setting.EVENT_RETENTION),
        memory(),
        notifications,
        remediation,
        logFormat);
  }

  private GatewayConfig.RemediationConfig remediation(
      Optional<ResponseFileReader.ResponseFile> parsed, int perIncident) {
    Optional<String> kubeconfig = text(Setting.KUBECONFIG);
    kubeconfig.ifPresent(
        path -> {
          if (!path.equals("in-cluster") && !java.nio.file.Files.isReadable(Path.of(path))) {
            throw new ConfigException(
                Setting.KUBECONFIG.key()
                    + "="
                    + path
                    + ": cannot be read (a kubeconfig path, or in-cluster)");
          }
        });
    return RemediationSettings.settle(
        parsed.map(ResponseFileReader.ResponseFile::remediation),
        perIncident,
        kubeconfig,
        positive(Setting.ACTION_TIMEOUT),
        text(Setting.RESPONSE_FILE).orElse(Setting.RESPONSE_FILE.key()));
  }

  private GatewayConfig.NotifyConfig notifications(
      Optional<ResponseFileReader.ResponseFile> parsed) {
    Optional<Path> file = text(Setting.RESPONSE_FILE).map(Path::of);
    Optional<Secret> bot = secret(Setting.SLACK_BOT_TOKEN);
    Optional<Secret> webhook = secret(Setting.SLACK_WEBHOOK_URL);
    if (bot.isPresent() && webhook.isPresent()) {
      throw new ConfigException(
          Setting.SLACK_BOT_TOKEN.key()
              + " and "
              + Setting.SLACK_WEBHOOK_URL.key()
              + ": set one of them, not both");
    }
    webhook.ifPresent(
        url -> {
          String value = raw(Setting.SLACK_WEBHOOK_URL);
          if (!value.startsWith("https://") && !value.startsWith("http://")) {
            throw new ConfigException(
                Setting.SLACK_WEBHOOK_URL.key() + ": expected an https:// URL");
          }
        });
    Optional<String> channel = text(Setting.SLACK_CHANNEL);
    if (webhook.isPresent() && channel.isEmpty()) {
      // A webhook posts to the channel it was made for; the name only labels its messages.
      channel = Optional.of("webhook");
    }
    ResponseFileReader.Result settled =
        ResponseFileReader.settle(
            parsed,
            secret(Setting.PAGERDUTY_ROUTING_KEY),
            bot.isPresent() || webhook.isPresent() ? channel : Optional.empty(),
            file.map(Path::toString).orElse(Setting.RESPONSE_FILE.key()));
    if (bot.isPresent() && settled.policy().slackChannel().isEmpty()) {
      throw new ConfigException(
          Setting.SLACK_BOT_TOKEN.key()
              + " needs "
              + Setting.SLACK_CHANNEL.key()
              + " (or escalation.slack.channel in the response file)");
    }
    requireHttpUrl(Setting.PAGERDUTY_EVENTS_URL, raw(Setting.PAGERDUTY_EVENTS_URL));
    requireHttpUrl(Setting.SLACK_API_URL, raw(Setting.SLACK_API_URL));
    Optional<String> publicUrl = text(Setting.PUBLIC_URL);
    publicUrl.ifPresent(url -> requireHttpUrl(Setting.PUBLIC_URL, url));
    Duration first = positive(Setting.NOTIFY_RETRY_FIRST);
    Duration max = positive(Setting.NOTIFY_RETRY_MAX);
    if (max.compareTo(first) < 0) {
      throw new ConfigException(
          Setting.NOTIFY_RETRY_MAX.key()
              + " must not be shorter than "
              + Setting.NOTIFY_RETRY_FIRST.key());
    }
    return new GatewayConfig.NotifyConfig(
        settled.policy(),
        settled.routingKeys(),
        raw(Setting.PAGERDUTY_EVENTS_URL),
        bot,
        webhook,
        raw(Setting.SLACK_API_URL),
        secret(Setting.SLACK_SIGNING_SECRET),
        settled.slackUsers(),
        publicUrl,
        positive(Setting.NOTIFY_TIMEOUT),
        new dev.firebreak.analysis.notify.Notifier.Retries(
            first, max, integer(Setting.NOTIFY_ATTEMPTS, 1, 1000)));
  }

  private GatewayConfig.MemoryConfig memory() {
    String enabled = raw(Setting.MEMORY);
    if (!enabled.equals("on") && !enabled.equals("off")) {
      throw new ConfigException(Setting.MEMORY.key() + "=" + enabled + ": expected on or off");
    }
    String index = raw(Setting.VECTOR_INDEX);
    Optional<ChromaSettings> chroma;
    if (index.equals("embedded")) {
      chroma = Optional.empty();
    } else if (index.equals("chroma")) {
      String url =
          text(Setting.CHROMA_URL)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          Setting.VECTOR_INDEX.key()
                              + "=chroma needs "
                              + Setting.CHROMA_URL.key()));
      requireHttpUrl(Setting.CHROMA_URL, url);
      chroma =
          Optional.of(
              new ChromaSettings(
                  url,
                  raw(Setting.CHROMA_TENANT),
                  raw(Setting.CHROMA_DATABASE),
                  raw(Setting.CHROMA_COLLECTION),
                  null));
    } else {
      throw new ConfigException(
          Setting.VECTOR_INDEX.key() + "=" + index + ": expected embedded or chroma");
    }
    IncidentRecall.Mode mode;
    try {
      mode = IncidentRecall.Mode.parse(raw(Setting.RECALL_MODE));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          Setting.RECALL_MODE.key()
              + "="
              + raw(Setting.RECALL_MODE)
              + ": expected hybrid, vector or keyword");
    }
    double minSimilarity;
    try {
      minSimilarity = Double.parseDouble(raw(Setting.RECALL_MIN_SIMILARITY));
    } catch (NumberFormatException e) {
      minSimilarity = Double.NaN;
    }
    if (!(minSimilarity >= -1 && minSimilarity <= 1)) {
      throw new ConfigException(
          Setting.RECALL_MIN_SIMILARITY.key()
              + "="
              + raw(Setting.RECALL_MIN_SIMILARITY)
              + ": expected a number from -1 to 1");
    }
    return new GatewayConfig.MemoryConfig(
        enabled.equals("on"),
        chroma,
        mode,
        minSimilarity,
        text(Setting.POSTMORTEM_DIR).map(Path::of));
  }

  private static void requireHttpUrl(Setting setting, String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new ConfigException(setting.key() + "=" + url + ": expected http(s)://HOST[:PORT]");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(setting.key() + "=" + url + ": not a URL (" + e.getReason() + ")");
    }
  }

  /** {@code a=1,b=2;c=3}: label sets, each every {@code label=value} pair of one group. */
  private List<Map<String, String>> labelSets(Setting setting) {
    List<Map<String, String>> sets = new ArrayList<>();
    for (String group : raw(setting).split(";")) {
      if (group.isBlank()) {
        continue;
      }
      Map<String, String> set = new LinkedHashMap<>();
      for (String pair : group.split(",")) {
        String trimmed = pair.trim();
        int equals = trimmed.indexOf('=');
        if (equals <= 0 || equals == trimmed.length() - 1) {
          throw new ConfigException(setting.key() + ": '" + trimmed + "' is not label=value");
        }
        set.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
      }
      sets.add(set);
    }
    return sets;
  }

  boolean bool(Setting setting) {
    String value = raw(setting);
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ConfigException(setting.key() + "=" + value + ": expected true or false");
    };
  }

  String raw(Setting setting) {
    String value = values.get(setting.key());
    return value == null ? setting.defaultValue() : value.trim();
  }

  Optional<String> text(Setting setting) {
    String value = raw(setting);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private Optional<Secret> secret(Setting setting) {
    return text(setting).map(Secret::of);
  }

  private List<Secret> secretList(Setting setting) {
    List<Secret> secrets = new ArrayList<>();
    for (String value : list(setting)) {
      secrets.add(Secret.of(value));
    }
    return secrets;
  }

  List<String> list(Setting setting) {
    List<String> items = new ArrayList<>();
    for (String item : raw(setting).split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  private String headerName(Setting setting) {
    String value = raw(setting);
    if (!value.matches("[A-Za-z0-9-]+")) {
      throw new ConfigException(setting.key() + "=" + value + ": not an HTTP header name");
    }
    return value;
  }

  int integer(Setting setting, int min, int max) {
    String value = raw(setting);
    try {
      int number = Integer.parseInt(value);
      if (number < min || number > max) {
        throw new ConfigException(
            setting.key() + "=" + value + ": must be between " + min + " and " + max);
      }
      return number;
    } catch (NumberFormatException e) {
      throw new ConfigException(setting.key() + "=" + value + ": not a whole number");
    }
  }

  /** Accepts {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d} or ISO-8601. */
  public static Duration parseDuration(String key, String value) {
    Matcher matcher = DURATION.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      Duration duration = Duration.parse(value);
      if (!duration.isNegative()) {
        return duration;
      }
    } catch (RuntimeException e) {
      // fall through to the message below
    }
    throw new ConfigException(key + "=" + value + ": expected a duration such as 30s, 15m or 1h");
  }

  Duration duration(Setting setting) {
    return parseDuration(setting.key(), raw(setting));
  }

  private Duration positive(Setting setting) {
    Duration value = duration(setting);
    if (value.isZero() || value.isNegative()) {
      throw new ConfigException(setting.key() + "=" + raw(setting) + ": must be positive");
    }
    return value;
  }

  /**
   * The configured budget, or by default a sixteenth of the heap: at {@code -Xmx256m} that is
   * 16 MiB, so no number of unsigned senders can hold more than that. Never below one body of
   * the largest size a signed sender may send, or no such body could ever be read.
   */
  private long unauthenticatedBodyBudget(long maxBodyBytes) {
    Setting setting = Setting.UNAUTHENTICATED_BODY_BUDGET;
    String value = raw(setting);
    long floor = Math.min(maxBodyBytes, GatewayConfig.ServerConfig.LARGEST_UNSIGNED_BODY);
    if (value.isEmpty()) {
      return Math.max(Math.max(Runtime.getRuntime().maxMemory() / 16, 2L << 20), floor);
    }
    try {
      long budget = Long.parseLong(value);
      if (budget < floor) {
        throw new ConfigException(
            setting.key()
                + "="
                + value
                + ": must be at least "
                + floor
                + " bytes, one body of the largest size accepted");
      }
      return budget;
    } catch (NumberFormatException e) {
      throw new ConfigException(setting.key() + "=" + value + ": not a whole number of bytes");
    }
  }

  private static Severity severity(Setting setting, String value) {
    try {
      return Severity.fromWireName(value.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting.key() + ": " + e.getMessage());
    }
  }

  private SeverityMapping severityMap(Setting setting, Severity fallback) {
    Map<String, Severity> map = new HashMap<>();
    for (String pair : list(setting)) {
      int equals = pair.indexOf('=');
      if (equals <= 0 || equals == pair.length() - 1) {
        throw new ConfigException(setting.key() + ": '" + pair + "' is not VALUE=SEVERITY");
      }
      map.put(
          pair.substring(0, equals).trim().toLowerCase(Locale.ROOT),
          severity(setting, pair.substring(equals + 1).trim()));
    }
    return new SeverityMapping(map, fallback);
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      // Only literal addresses are accepted here, so this never does a DNS lookup.
      if (!host.matches("[0-9.:\\[\\]a-fA-F]+")) {
        return false;
      }
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
