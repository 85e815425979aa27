package dev.firebreak.gateway.config;

import java.util.List;

/**
 * Every setting Firebreak reads, with its default and what it does. The README's configuration
 * table is checked against this list, and any other {@code FIREBREAK_*} variable stops start-up.
 */
public enum Setting {
  HOST(
      "FIREBREAK_HOST",
      "",
      "Address to listen on. Defaults to 0.0.0.0 when webhook or API"
          + " credentials are set, else 127.0.0.1 (local mode, which refuses any other address). The"
          + " container image sets 0.0.0.0."),
  LOCAL_MODE_ON_ALL_INTERFACES(
      "FIREBREAK_LOCAL_MODE_ON_ALL_INTERFACES",
      "false",
      "`true` lets a gateway with no credentials listen on a non-loopback"
          + " `FIREBREAK_HOST` (a demo in a container): every request is then accepted unchecked."),
  PORT("FIREBREAK_PORT", "8080", "TCP port to listen on (0 picks a free one)."),
  DATABASE_URL(
      "FIREBREAK_DATABASE_URL",
      "jdbc:sqlite:data/firebreak.db",
      "Incident store: `jdbc:sqlite:FILE` (WAL, fsync per commit) or"
          + " `jdbc:postgresql://HOST:PORT/DB?user=…&password=…` for several replicas."),
  DATABASE_POOL_SIZE(
      "FIREBREAK_DATABASE_POOL_SIZE",
      "8",
      "Database connections for reads" + " (SQLite) or for everything (PostgreSQL)."),
  ALERTMANAGER_TOKEN(
      "FIREBREAK_ALERTMANAGER_TOKEN",
      "",
      "Bearer token Alertmanager sends" + " (`http_config.authorization.credentials`). Secret."),
  ALERTMANAGER_USERNAME(
      "FIREBREAK_ALERTMANAGER_USERNAME",
      "",
      "Basic-auth user Alertmanager" + " sends (`http_config.basic_auth`); set with the password."),
  ALERTMANAGER_PASSWORD("FIREBREAK_ALERTMANAGER_PASSWORD", "", "Basic-auth password. Secret."),
  GRAFANA_TOKEN(
      "FIREBREAK_GRAFANA_TOKEN",
      "",
      "Bearer token Grafana's webhook contact point"
          + " sends (Authorization header, scheme Bearer). Secret."),
  GRAFANA_USERNAME(
      "FIREBREAK_GRAFANA_USERNAME",
      "",
      "Basic-auth user Grafana's contact point" + " sends; set with the password."),
  GRAFANA_PASSWORD("FIREBREAK_GRAFANA_PASSWORD", "", "Basic-auth password. Secret."),
  DATADOG_SECRET(
      "FIREBREAK_DATADOG_SECRET",
      "",
      "Shared secret Datadog sends in the custom" + " header below. Secret."),
  DATADOG_HEADER(
      "FIREBREAK_DATADOG_HEADER",
      "X-Firebreak-Secret",
      "Name of the custom header that carries the Datadog secret."),
  PAGERDUTY_SECRETS(
      "FIREBREAK_PAGERDUTY_SECRETS",
      "",
      "Comma-separated signing secrets of"
          + " PagerDuty V3 webhook subscriptions; any matching `v1=` signature is accepted, so"
          + " secrets can be rotated. Secret."),
  API_READ_TOKEN("FIREBREAK_API_READ_TOKEN", "", "Bearer token for `GET /api/…`. Secret."),
  API_WRITE_TOKEN(
      "FIREBREAK_API_WRITE_TOKEN", "", "Bearer token for `POST /api/…` (also" + " reads). Secret."),
  MAX_BODY_BYTES(
      "FIREBREAK_MAX_BODY_BYTES",
      "5242880",
      "Largest webhook body accepted;" + " larger ones get 413."),
  MAX_ALERTS_PER_REQUEST(
      "FIREBREAK_MAX_ALERTS_PER_REQUEST",
      "5000",
      "Most alerts one webhook may carry; more get 400."),
  MAX_LABELS(
      "FIREBREAK_MAX_LABELS", "128", "Most labels (and annotations) per alert; more get" + " 400."),
  HTTP_THREADS(
      "FIREBREAK_HTTP_THREADS",
      "200",
      "Request threads. At most three quarters of them"
          + " read webhook bodies at once; the rest stay free for `/health`, `/ready` and the API."),
  BODY_TIMEOUT(
      "FIREBREAK_BODY_TIMEOUT",
      "10s",
      "Longest time to receive a request body (408"
          + " after), and longest a connection may stay silent. Senders give up sooner (Alertmanager"
          + " 10 s, PagerDuty 5 s)."),
  MIN_REQUEST_RATE(
      "FIREBREAK_MIN_REQUEST_RATE",
      "1024",
      "Slowest request body accepted, in"
          + " bytes per second; a slower one is cut off with 408 and frees its thread."),
  MAX_CONNECTIONS_PER_CLIENT(
      "FIREBREAK_MAX_CONNECTIONS_PER_CLIENT",
      "100",
      "Open connections"
          + " one client address may hold; more are closed at once. 0: no limit (behind a proxy"
          + " whose address all senders share)."),
  UNAUTHENTICATED_BODY_BUDGET(
      "FIREBREAK_UNAUTHENTICATED_BODY_BUDGET",
      "",
      "Bytes of request"
          + " bodies that may be in flight before their signature is checked (PagerDuty); beyond it"
          + " such senders get 503 with Retry-After before anything is read. Empty: a sixteenth of"
          + " the heap, at least 2 MiB."),
  INTAKE_QUEUE(
      "FIREBREAK_INTAKE_QUEUE",
      "4096",
      "Webhook requests that may wait for a commit;"
          + " beyond that intake answers 503 with Retry-After."),
  INTAKE_BATCH("FIREBREAK_INTAKE_BATCH", "5000", "Most signals committed in one transaction."),
  INTAKE_RECENT_KEYS(
      "FIREBREAK_INTAKE_RECENT_KEYS",
      "200000",
      "Dedup keys of committed"
          + " signals kept in memory, so that re-sent groups are answered without a commit (0: off)."),
  INTAKE_TIMEOUT(
      "FIREBREAK_INTAKE_TIMEOUT",
      "4s",
      "How long a webhook waits for its commit" + " before 503 (PagerDuty gives up after 5 s)."),
  EVENT_RETENTION(
      "FIREBREAK_EVENT_RETENTION",
      "30d",
      "How long incident events are kept for"
          + " the steps that follow them (and `GET /api/incidents/{id}/events`); older ones are"
          + " deleted whether or not every consumer has read them."),
  CORRELATION_WINDOW(
      "FIREBREAK_CORRELATION_WINDOW",
      "15m",
      "How recent an incident must be" + " for a signal from another source to join it."),
  REOPEN_WINDOW(
      "FIREBREAK_REOPEN_WINDOW",
      "30m",
      "How long after resolving an incident"
          + " reopens when its alerts fire again, instead of a new one opening."),
  CORRELATION_LABELS(
      "FIREBREAK_CORRELATION_LABELS",
      "service,namespace,cluster,job",
      "Labels that identify what is affected; signals from different sources join when they"
          + " share one and disagree on none."),
  CORRELATION_SAME_SERVICE(
      "FIREBREAK_CORRELATION_SAME_SERVICE",
      "true",
      "Alerts of different groups of one source join one incident when they name the same"
          + " `service` (and agree on `namespace` and `cluster`) within the correlation window:"
          + " one incident per problem, as PagerDuty's alert grouping does. `false` keeps each"
          + " group its own incident."),
  CORRELATION_APART(
      "FIREBREAK_CORRELATION_APART",
      "",
      "Label sets whose alerts stay with their own group, never joining another group's"
          + " incident by service: `;`-separated, each `label=value,…` (e.g."
          + " `alertname=Watchdog;team=db,severity=info`)."),
  SEVERITY_ALERTMANAGER(
      "FIREBREAK_SEVERITY_ALERTMANAGER",
      "critical=critical,page=critical,error=high,high=high,warning=warning,warn=warning,"
          + "info=info,none=info",
      "Alertmanager `severity` label value → Firebreak severity."),
  SEVERITY_GRAFANA(
      "FIREBREAK_SEVERITY_GRAFANA",
      "critical=critical,page=critical,error=high,high=high,warning=warning,warn=warning,"
          + "info=info,none=info",
      "Grafana alert rule `severity` label value → Firebreak severity."),
  SEVERITY_DATADOG(
      "FIREBREAK_SEVERITY_DATADOG",
      "P1=critical,P2=high,P3=warning,P4=info,P5=info,error=high,warning=warning,info=info,"
          + "success=info",
      "Datadog priority (or alert type when there is none) → Firebreak severity."),
  SEVERITY_PAGERDUTY(
      "FIREBREAK_SEVERITY_PAGERDUTY",
      "P1=critical,P2=high,P3=warning,P4=info,P5=info,high=high,low=warning",
      "PagerDuty priority (or urgency when there is none) → Firebreak severity."),
  DEFAULT_SEVERITY(
      "FIREBREAK_DEFAULT_SEVERITY",
      "warning",
      "Severity of a signal whose value is not in the maps above."),
  EVIDENCE_LOOKBACK(
      "FIREBREAK_EVIDENCE_LOOKBACK",
      "30m",
      "How far before an incident's"
          + " start its evidence window begins (the baseline for detectors)."),
  EVIDENCE_AFTER(
      "FIREBREAK_EVIDENCE_AFTER",
      "5m",
      "How far past the latest signal the window"
          + " reaches; an earlier run is followed up once that time has passed."),
  EVIDENCE_TIMEOUT(
      "FIREBREAK_EVIDENCE_TIMEOUT",
      "15s",
      "Time budget of each evidence source"
          + " per run; a source that takes longer is reported as timed out, the rest is kept."),
  EVIDENCE_MAX_SERIES(
      "FIREBREAK_EVIDENCE_MAX_SERIES", "60", "Most metric series kept per" + " run."),
  EVIDENCE_MAX_POINTS(
      "FIREBREAK_EVIDENCE_MAX_POINTS",
      "360",
      "Most points per series; the" + " query step is chosen to fit (Prometheus allows 11000)."),
  EVIDENCE_MAX_LOG_LINES(
      "FIREBREAK_EVIDENCE_MAX_LOG_LINES",
      "500",
      "Most log lines kept per" + " log source and run."),
  EVIDENCE_MAX_TRACES(
      "FIREBREAK_EVIDENCE_MAX_TRACES", "20", "Most traces kept per trace" + " source and run."),
  EVIDENCE_MAX_RESPONSE_BYTES(
      "FIREBREAK_EVIDENCE_MAX_RESPONSE_BYTES",
      "16777216",
      "Largest answer read from a source; larger ones fail that query."),
  EVIDENCE_LABELS(
      "FIREBREAK_EVIDENCE_LABELS",
      "service,job,namespace,instance,pod",
      "Labels that identify what an incident is about, most identifying first; metric"
          + " discovery looks for series sharing them."),
  EVIDENCE_RUNS(
      "FIREBREAK_EVIDENCE_RUNS",
      "3",
      "Most investigations per incident: the first,"
          + " a follow-up when the window was not over yet, re-runs when new signals join."),
  EVIDENCE_RERUN_DELAY(
      "FIREBREAK_EVIDENCE_RERUN_DELAY",
      "1m",
      "Least time between two" + " investigations of one incident."),
  EVIDENCE_WORKERS(
      "FIREBREAK_EVIDENCE_WORKERS", "2", "Incidents investigated at once by this" + " gateway."),
  PROMETHEUS_URL(
      "FIREBREAK_PROMETHEUS_URL",
      "",
      "Prometheus base URL (`http://prometheus:9090`); empty: not queried."),
  PROMETHEUS_TOKEN("FIREBREAK_PROMETHEUS_TOKEN", "", "Bearer token sent to Prometheus. Secret."),
  PROMETHEUS_USERNAME(
      "FIREBREAK_PROMETHEUS_USERNAME",
      "",
      "Basic-auth user for Prometheus; set with the" + " password."),
  PROMETHEUS_PASSWORD(
      "FIREBREAK_PROMETHEUS_PASSWORD", "", "Basic-auth password for Prometheus. Secret."),
  PROMETHEUS_HEADERS(
      "FIREBREAK_PROMETHEUS_HEADERS",
      "",
      "Extra headers sent to Prometheus, `Name=value,…`"
          + " (API keys, a tenant such as `X-Scope-OrgID=team-a`). Secret."),
  PROMETHEUS_QUERIES_FILE(
      "FIREBREAK_PROMETHEUS_QUERIES_FILE",
      "",
      "Properties file of"
          + " per-service queries, `name=PromQL` with `{{selector}}`, `{{window}}`, `{{LABEL}}`"
          + " placeholders (see `prometheus/evidence-queries.properties`)."),
  PROMETHEUS_DISCOVERY(
      "FIREBREAK_PROMETHEUS_DISCOVERY",
      "true",
      "Also fetch the series that"
          + " share the incident's identifying labels (counters as rates, histograms as p99)."),
  PROMETHEUS_RATE_WINDOW(
      "FIREBREAK_PROMETHEUS_RATE_WINDOW",
      "1m",
      "Shortest `rate()` window" + " in evidence queries; at least four scrape intervals."),
  LOKI_URL("FIREBREAK_LOKI_URL", "", "Loki base URL (`http://loki:3100`); empty: not queried."),
  LOKI_TOKEN("FIREBREAK_LOKI_TOKEN", "", "Bearer token sent to Loki. Secret."),
  LOKI_USERNAME(
      "FIREBREAK_LOKI_USERNAME", "", "Basic-auth user for Loki; set with the" + " password."),
  LOKI_PASSWORD("FIREBREAK_LOKI_PASSWORD", "", "Basic-auth password for Loki. Secret."),
  LOKI_HEADERS(
      "FIREBREAK_LOKI_HEADERS",
      "",
      "Extra headers sent to Loki, `Name=value,…`"
          + " (API keys, a tenant such as `X-Scope-OrgID=team-a`). Secret."),
  LOKI_LABELS(
      "FIREBREAK_LOKI_LABELS",
      "service_name=service,namespace=namespace",
      "Loki stream label = incident label pairs that make the log selector."),
  ELASTICSEARCH_URL(
      "FIREBREAK_ELASTICSEARCH_URL",
      "",
      "Elasticsearch or OpenSearch base URL; empty: not queried."),
  ELASTICSEARCH_TOKEN(
      "FIREBREAK_ELASTICSEARCH_TOKEN",
      "",
      "Bearer token sent to Elasticsearch or OpenSearch. Secret."),
  ELASTICSEARCH_USERNAME(
      "FIREBREAK_ELASTICSEARCH_USERNAME",
      "",
      "Basic-auth user for Elasticsearch or OpenSearch; set with the" + " password."),
  ELASTICSEARCH_PASSWORD(
      "FIREBREAK_ELASTICSEARCH_PASSWORD",
      "",
      "Basic-auth password for Elasticsearch or OpenSearch. Secret."),
  ELASTICSEARCH_HEADERS(
      "FIREBREAK_ELASTICSEARCH_HEADERS",
      "",
      "Extra headers sent to Elasticsearch or OpenSearch, `Name=value,…`"
          + " (API keys, a tenant such as `X-Scope-OrgID=team-a`). Secret."),
  ELASTICSEARCH_INDEX("FIREBREAK_ELASTICSEARCH_INDEX", "logs-*", "Index pattern searched."),
  ELASTICSEARCH_FIELDS(
      "FIREBREAK_ELASTICSEARCH_FIELDS",
      "timestamp=@timestamp,message=message,level=log.level,service=service.name",
      "Document fields for the time, text, level (a keyword field) and service."),
  ELASTICSEARCH_ERROR_LEVELS(
      "FIREBREAK_ELASTICSEARCH_ERROR_LEVELS",
      "error,ERROR,fatal,FATAL,critical,CRITICAL",
      "Level values that count as errors."),
  JAEGER_URL(
      "FIREBREAK_JAEGER_URL",
      "",
      "Jaeger query base URL (`http://jaeger:16686`); empty: not queried."),
  JAEGER_TOKEN("FIREBREAK_JAEGER_TOKEN", "", "Bearer token sent to Jaeger query. Secret."),
  JAEGER_USERNAME(
      "FIREBREAK_JAEGER_USERNAME",
      "",
      "Basic-auth user for Jaeger query; set with the" + " password."),
  JAEGER_PASSWORD("FIREBREAK_JAEGER_PASSWORD", "", "Basic-auth password for Jaeger query. Secret."),
  JAEGER_HEADERS(
      "FIREBREAK_JAEGER_HEADERS",
      "",
      "Extra headers sent to Jaeger query, `Name=value,…`"
          + " (API keys, a tenant such as `X-Scope-OrgID=team-a`). Secret."),
  TEMPO_URL("FIREBREAK_TEMPO_URL", "", "Tempo base URL (`http://tempo:3200`); empty: not queried."),
  TEMPO_TOKEN("FIREBREAK_TEMPO_TOKEN", "", "Bearer token sent to Tempo. Secret."),
  TEMPO_USERNAME(
      "FIREBREAK_TEMPO_USERNAME", "", "Basic-auth user for Tempo; set with the" + " password."),
  TEMPO_PASSWORD("FIREBREAK_TEMPO_PASSWORD", "", "Basic-auth password for Tempo. Secret."),
  TEMPO_HEADERS(
      "FIREBREAK_TEMPO_HEADERS",
      "",
      "Extra headers sent to Tempo, `Name=value,…`"
          + " (API keys, a tenant such as `X-Scope-OrgID=team-a`). Secret."),
  ZIPKIN_URL(
      "FIREBREAK_ZIPKIN_URL", "", "Zipkin base URL (`http://zipkin:9411`); empty: not queried."),
  ZIPKIN_TOKEN("FIREBREAK_ZIPKIN_TOKEN", "", "Bearer token sent to Zipkin. Secret."),
  ZIPKIN_USERNAME(
      "FIREBREAK_ZIPKIN_USERNAME", "", "Basic-auth user for Zipkin; set with the" + " password."),
  ZIPKIN_PASSWORD("FIREBREAK_ZIPKIN_PASSWORD", "", "Basic-auth password for Zipkin. Secret."),
  ZIPKIN_HEADERS(
      "FIREBREAK_ZIPKIN_HEADERS",
      "",
      "Extra headers sent to Zipkin, `Name=value,…`"
          + " (API keys, a tenant such as `X-Scope-OrgID=team-a`). Secret."),
  DIAGNOSIS_RULES_FILE(
      "FIREBREAK_DIAGNOSIS_RULES_FILE",
      "",
      "Properties file adding"
          + " diagnosis rules: `CAUSE.metrics.rising.NAME=regex`, `CAUSE.metrics.falling.NAME=regex`"
          + " or `CAUSE.logs.NAME=regex`, CAUSE one of bad_deploy, resource_saturation, memory_leak,"
          + " dependency_down, connection_pool_exhaustion, traffic_surge, disk_full,"
          + " certificate_expiry."),
  LLM_PROVIDER(
      "FIREBREAK_LLM_PROVIDER",
      "",
      "Language model that refines diagnoses: `openai`"
          + " (also any OpenAI-compatible server via the URL), `anthropic`, `gemini`, `ollama`;"
          + " empty: rules only."),
  LLM_MODEL(
      "FIREBREAK_LLM_MODEL",
      "",
      "Model name, such as `gpt-4o-mini`,"
          + " `claude-3-5-haiku-latest`, `gemini-2.0-flash`, `llama3.1`."),
  LLM_URL("FIREBREAK_LLM_URL", "", "API base URL; empty for the provider's public one."),
  LLM_API_KEY("FIREBREAK_LLM_API_KEY", "", "API key of the provider. Secret."),
  LLM_TIMEOUT(
      "FIREBREAK_LLM_TIMEOUT",
      "20s",
      "How long a diagnosis waits for the model before" + " keeping the rules' answer."),
  LLM_REDACT(
      "FIREBREAK_LLM_REDACT",
      "secrets,emails,ips",
      "What is removed from prompts" + " before they are sent: any of `secrets`, `emails`, `ips`."),
  MEMORY(
      "FIREBREAK_MEMORY",
      "on",
      "`on`: remember every incident (all-MiniLM-L6-v2 embeddings, in-process) for similar-incident"
          + " recall, and write postmortems; `off`: neither."),
  VECTOR_INDEX(
      "FIREBREAK_VECTOR_INDEX",
      "embedded",
      "Where incident embeddings are searched: `embedded` (kept in the incident store, searched"
          + " in memory) or `chroma` (the Chroma server below; the store keeps a copy, searched"
          + " while Chroma is down)."),
  CHROMA_URL("FIREBREAK_CHROMA_URL", "", "Chroma base URL (`http://chroma:8000`), API v2."),
  CHROMA_TENANT("FIREBREAK_CHROMA_TENANT", "default_tenant", "Chroma tenant."),
  CHROMA_DATABASE("FIREBREAK_CHROMA_DATABASE", "default_database", "Chroma database."),
  CHROMA_COLLECTION(
      "FIREBREAK_CHROMA_COLLECTION",
      "firebreak_incidents",
      "Chroma collection, created with cosine distance if missing."),
  RECALL_MODE(
      "FIREBREAK_RECALL_MODE",
      "hybrid",
      "How similar incidents are ranked: `hybrid` (embeddings and BM25 keywords fused by"
          + " reciprocal rank), `vector` or `keyword`."),
  RECALL_MIN_SIMILARITY(
      "FIREBREAK_RECALL_MIN_SIMILARITY",
      "0.5",
      "Cosine similarity a past incident needs to be attached to a new one when it opens and"
          + " listed in its postmortem."),
  POSTMORTEM_DIR(
      "FIREBREAK_POSTMORTEM_DIR",
      "postmortems",
      "Directory postmortems are written to (named by date and incident id); empty: kept in the"
          + " store and served by the API only."),
  RESPONSE_FILE(
      "FIREBREAK_RESPONSE_FILE",
      "",
      "YAML file with the escalation and remediation policy (see `examples/response.yaml`); empty: the"
          + " documented defaults. Read and checked at start; an error names the file, line and"
          + " field. `${NAME}` in it is replaced by the environment variable NAME."),
  KUBECONFIG(
      "FIREBREAK_KUBECONFIG",
      "",
      "Where remediation reaches Kubernetes: a kubeconfig path, or `in-cluster` (the pod's service"
          + " account); empty: no Kubernetes actions (playbooks that need them hand over to people)."),
  ACTION_TIMEOUT(
      "FIREBREAK_ACTION_TIMEOUT",
      "30s",
      "Longest one Kubernetes call of a remediation step may take. A step holds its action for"
          + " three times this plus 10 s: a gateway that dies mid-step is taken over after that."),
  PUBLIC_URL(
      "FIREBREAK_PUBLIC_URL",
      "",
      "Where people reach this gateway (`https://firebreak.example.com`), for links in pages and"
          + " Slack messages; empty: no links."),
  PAGERDUTY_ROUTING_KEY(
      "FIREBREAK_PAGERDUTY_ROUTING_KEY",
      "",
      "Events API v2 integration key pages go to (the routing key named `default`); empty: no"
          + " paging unless the response file names keys. Secret."),
  PAGERDUTY_EVENTS_URL(
      "FIREBREAK_PAGERDUTY_EVENTS_URL",
      "https://events.pagerduty.com/v2/enqueue",
      "PagerDuty Events API v2 endpoint (`https://events.eu.pagerduty.com/v2/enqueue` for EU"
          + " accounts)."),
  SLACK_BOT_TOKEN(
      "FIREBREAK_SLACK_BOT_TOKEN",
      "",
      "Slack bot token (`xoxb-…`, scope `chat:write`): one message per incident, updated in"
          + " place, steps in its thread, an Acknowledge button. Secret."),
  SLACK_WEBHOOK_URL(
      "FIREBREAK_SLACK_WEBHOOK_URL",
      "",
      "Slack incoming-webhook URL, instead of a bot token: one message per step, no updates,"
          + " threads or buttons. Secret."),
  SLACK_CHANNEL(
      "FIREBREAK_SLACK_CHANNEL",
      "",
      "Channel (ID or `#name`) incident messages go to; needed with a bot token."),
  SLACK_API_URL("FIREBREAK_SLACK_API_URL", "https://slack.com/api/", "Slack Web API base URL."),
  SLACK_SIGNING_SECRET(
      "FIREBREAK_SLACK_SIGNING_SECRET",
      "",
      "Signing secret of the Slack app, to verify button clicks at"
          + " `POST /webhooks/slack/interactions`; empty: clicks are refused. Secret."),
  NOTIFY_TIMEOUT(
      "FIREBREAK_NOTIFY_TIMEOUT",
      "10s",
      "Longest a call to PagerDuty or Slack may take; a slower one is a failed attempt, retried."),
  NOTIFY_RETRY_FIRST(
      "FIREBREAK_NOTIFY_RETRY_FIRST",
      "5s",
      "Wait after a notification's first failed delivery; doubled after each further one."),
  NOTIFY_RETRY_MAX("FIREBREAK_NOTIFY_RETRY_MAX", "5m", "Longest wait between delivery attempts."),
  NOTIFY_ATTEMPTS(
      "FIREBREAK_NOTIFY_ATTEMPTS",
      "20",
      "Delivery attempts before a notification gives up (about 70 minutes with the defaults);"
          + " it can then be re-sent from the API."),
  CLI_URL(
      "FIREBREAK_CLI_URL",
      "http://127.0.0.1:8080",
      "Gateway the `incidents`, `incident`, `ack` and `resolve` commands talk to."),
  CLI_TOKEN(
      "FIREBREAK_CLI_TOKEN",
      "",
      "API token those commands send (the read token lists; the write token also acts). Secret."),
  LOG_FORMAT("FIREBREAK_LOG_FORMAT", "text", "`text` for people, `json` for log shippers."),
  CONFIG_FILE(
      "FIREBREAK_CONFIG_FILE",
      "",
      "Optional properties file with any of these" + " settings; environment variables win.");

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
      case ALERTMANAGER_TOKEN,
          ALERTMANAGER_PASSWORD,
          GRAFANA_TOKEN,
          GRAFANA_PASSWORD,
          DATADOG_SECRET,
          PAGERDUTY_SECRETS,
          API_READ_TOKEN,
          API_WRITE_TOKEN,
          PAGERDUTY_ROUTING_KEY,
          SLACK_WEBHOOK_URL,
          SLACK_SIGNING_SECRET ->
          true;
      default ->
          key.endsWith("_TOKEN")
              || key.endsWith("_PASSWORD")
              || key.endsWith("_HEADERS")
              || key.endsWith("_API_KEY");
    };
  }

  static final List<Setting> ALL = List.of(values());
}
