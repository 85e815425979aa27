-- One schema for SQLite and PostgreSQL; ${identity} is the dialect's auto-increment key.
-- Times are microseconds since the epoch (UTC); label maps are JSON objects.

-- The intake log: every accepted signal, once. A row is committed before its webhook is
-- acknowledged and stays uncorrelated until the correlation worker has placed it.
CREATE TABLE signals (
  id               ${identity},
  source           TEXT    NOT NULL,
  dedup_key        TEXT    NOT NULL,
  group_key        TEXT    NOT NULL,
  alert_key        TEXT    NOT NULL,
  status           TEXT    NOT NULL,
  event            TEXT    NOT NULL,
  severity         TEXT    NOT NULL,
  summary          TEXT    NOT NULL,
  labels           TEXT    NOT NULL,
  annotations      TEXT    NOT NULL,
  links            TEXT    NOT NULL,
  starts_at        BIGINT  NOT NULL,
  ends_at          BIGINT,
  truncated_alerts INTEGER NOT NULL,
  received_at      BIGINT  NOT NULL,
  correlated       BOOLEAN NOT NULL DEFAULT FALSE,
  incident_id      BIGINT,
  UNIQUE (source, dedup_key)
);
CREATE INDEX signals_pending ON signals (id) WHERE correlated = FALSE;
-- Partial: a signal gets its incident only when correlated, so intake inserts skip this index.
CREATE INDEX signals_incident ON signals (incident_id, id) WHERE incident_id IS NOT NULL;

CREATE TABLE incidents (
  id              ${identity},
  title           TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  severity        TEXT    NOT NULL,
  service         TEXT,
  labels          TEXT    NOT NULL,
  sources         TEXT    NOT NULL,
  opened_at       BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL,
  last_signal_at  BIGINT  NOT NULL,
  acknowledged_at BIGINT,
  resolved_at     BIGINT,
  signal_count    INTEGER NOT NULL
);
CREATE INDEX incidents_status ON incidents (status, last_signal_at);
-- Cross-source correlation looks for active incidents by the exact set of sources they have.
CREATE INDEX incidents_active_sources ON incidents (sources, last_signal_at)
  WHERE status <> 'resolved';
CREATE INDEX incidents_service ON incidents (service, id);

-- Which of a source's own groups (Alertmanager groupKey, Datadog cycle, PagerDuty incident)
-- an incident took in; a group fires into its newest incident.
CREATE TABLE incident_groups (
  source      TEXT   NOT NULL,
  group_key   TEXT   NOT NULL,
  incident_id BIGINT NOT NULL,
  PRIMARY KEY (source, group_key, incident_id)
);
CREATE INDEX incident_groups_incident ON incident_groups (incident_id, source);

CREATE TABLE incident_alerts (
  incident_id BIGINT NOT NULL,
  source      TEXT   NOT NULL,
  alert_key   TEXT   NOT NULL,
  status      TEXT   NOT NULL,
  starts_at   BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (incident_id, source, alert_key)
);
CREATE INDEX incident_alerts_firing ON incident_alerts (incident_id, status);

CREATE TABLE timeline (
  id          ${identity},
  incident_id BIGINT NOT NULL,
  at          BIGINT NOT NULL,
  kind        TEXT   NOT NULL,
  message     TEXT   NOT NULL,
  signal_id   BIGINT
);
CREATE INDEX timeline_incident ON timeline (incident_id, at, id);

-- Refused webhook bodies, once per distinct body; repeats are counted, bodies never kept.
CREATE TABLE rejected_deliveries (
  source      TEXT    NOT NULL,
  body_sha256 TEXT    NOT NULL,
  status      INTEGER NOT NULL,
  reason      TEXT    NOT NULL,
  first_seen  BIGINT  NOT NULL,
  last_seen   BIGINT  NOT NULL,
  repeats     BIGINT  NOT NULL,
  PRIMARY KEY (source, body_sha256)
);
