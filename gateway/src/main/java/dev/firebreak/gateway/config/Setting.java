package dev.firebreak.gateway.config;

import java.util.List;

/**
 * Every setting Firebreak reads, with its default and what it does. The README's configuration
 * table is checked against this list, and any other {@code FIREBREAK_*} variable stops start-up.
 */
public enum Setting {
  HOST("FIREBREAK_HOST", "", "Address to listen on. Defaults to 0.0.0.0 when webhook or API"
      + " credentials are set, else 127.0.0.1 (local mode, which refuses any other address)."),
  PORT("FIREBREAK_PORT", "8080", "TCP port to listen on (0 picks a free one)."),
  DATABASE_URL("FIREBREAK_DATABASE_URL", "jdbc:sqlite:data/firebreak.db",
      "Incident store: `jdbc:sqlite:FILE` (WAL, fsync per commit) or"
          + " `jdbc:postgresql://HOST:PORT/DB?user=…&password=…` for several replicas."),
  DATABASE_POOL_SIZE("FIREBREAK_DATABASE_POOL_SIZE", "8", "Database connections for reads"
      + " (SQLite) or for everything (PostgreSQL)."),
  ALERTMANAGER_TOKEN("FIREBREAK_ALERTMANAGER_TOKEN", "", "Bearer token Alertmanager sends"
      + " (`http_config.authorization.credentials`). Secret."),
  ALERTMANAGER_USERNAME("FIREBREAK_ALERTMANAGER_USERNAME", "", "Basic-auth user Alertmanager"
      + " sends (`http_config.basic_auth`); set with the password."),
  ALERTMANAGER_PASSWORD("FIREBREAK_ALERTMANAGER_PASSWORD", "", "Basic-auth password. Secret."),
  DATADOG_SECRET("FIREBREAK_DATADOG_SECRET", "", "Shared secret Datadog sends in the custom"
      + " header below. Secret."),
  DATADOG_HEADER("FIREBREAK_DATADOG_HEADER", "X-Firebreak-Secret",
      "Name of the custom header that carries the Datadog secret."),
  PAGERDUTY_SECRETS("FIREBREAK_PAGERDUTY_SECRETS", "", "Comma-separated signing secrets of"
      + " PagerDuty V3 webhook subscriptions; any matching `v1=` signature is accepted, so"
      + " secrets can be rotated. Secret."),
  API_READ_TOKEN("FIREBREAK_API_READ_TOKEN", "", "Bearer token for `GET /api/…`. Secret."),
  API_WRITE_TOKEN("FIREBREAK_API_WRITE_TOKEN", "", "Bearer token for `POST /api/…` (also"
      + " reads). Secret."),
  MAX_BODY_BYTES("FIREBREAK_MAX_BODY_BYTES", "5242880", "Largest webhook body accepted;"
      + " larger ones get 413."),
  MAX_ALERTS_PER_REQUEST("FIREBREAK_MAX_ALERTS_PER_REQUEST", "5000",
      "Most alerts one webhook may carry; more get 400."),
  MAX_LABELS("FIREBREAK_MAX_LABELS", "128", "Most labels (and annotations) per alert; more get"
      + " 400."),
  INTAKE_QUEUE("FIREBREAK_INTAKE_QUEUE", "4096", "Webhook requests that may wait for a commit;"
      + " beyond that intake answers 503 with Retry-After."),
  INTAKE_BATCH("FIREBREAK_INTAKE_BATCH", "5000", "Most signals committed in one transaction."),
  INTAKE_RECENT_KEYS("FIREBREAK_INTAKE_RECENT_KEYS", "200000", "Dedup keys of committed"
      + " signals kept in memory, so that re-sent groups are answered without a commit (0: off)."),
  INTAKE_TIMEOUT("FIREBREAK_INTAKE_TIMEOUT", "4s", "How long a webhook waits for its commit"
      + " before 503 (PagerDuty gives up after 5 s)."),
  CORRELATION_WINDOW("FIREBREAK_CORRELATION_WINDOW", "15m", "How recent an incident must be"
      + " for a signal from another source to join it."),
  REOPEN_WINDOW("FIREBREAK_REOPEN_WINDOW", "30m", "How long after resolving an incident"
      + " reopens when its alerts fire again, instead of a new one opening."),
  CORRELATION_LABELS("FIREBREAK_CORRELATION_LABELS", "service,namespace,cluster,job",
      "Labels that identify what is affected; signals from different sources join when they"
          + " share one and disagree on none."),
  SEVERITY_ALERTMANAGER("FIREBREAK_SEVERITY_ALERTMANAGER",
      "critical=critical,page=critical,error=high,high=high,warning=warning,warn=warning,"
          + "info=info,none=info",
      "Alertmanager `severity` label value → Firebreak severity."),
  SEVERITY_DATADOG("FIREBREAK_SEVERITY_DATADOG",
      "P1=critical,P2=high,P3=warning,P4=info,P5=info,error=high,warning=warning,info=info,"
          + "success=info",
      "Datadog priority (or alert type when there is none) → Firebreak severity."),
  SEVERITY_PAGERDUTY("FIREBREAK_SEVERITY_PAGERDUTY",
      "P1=critical,P2=high,P3=warning,P4=info,P5=info,high=high,low=warning",
      "PagerDuty priority (or urgency when there is none) → Firebreak severity."),
  DEFAULT_SEVERITY("FIREBREAK_DEFAULT_SEVERITY", "warning",
      "Severity of a signal whose value is not in the maps above."),
  LOG_FORMAT("FIREBREAK_LOG_FORMAT", "text", "`text` for people, `json` for log shippers."),
  CONFIG_FILE("FIREBREAK_CONFIG_FILE", "", "Optional properties file with any of these"
      + " settings; environment variables win.");

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Settings whose values must never be printed. */
  public boolean isSecret() {
    return switch (this) {
      case ALERTMANAGER_TOKEN, ALERTMANAGER_PASSWORD, DATADOG_SECRET, PAGERDUTY_SECRETS,
          API_READ_TOKEN, API_WRITE_TOKEN -> true;
      default -> false;
    };
  }

  static final List<Setting> ALL = List.of(values());
}
