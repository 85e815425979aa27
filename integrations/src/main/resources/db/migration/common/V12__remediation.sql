-- Remediation actions: one row per proposed action, moved from state to state in the
-- transaction of each step with its audit line, its timeline entry and its work item.
-- (decided_event, step) is unique: a diagnosis decided again after a crash proposes nothing
-- twice.
CREATE TABLE remediation_actions (
  id            ${identity},
  incident_id   BIGINT  NOT NULL,
  decided_event BIGINT  NOT NULL,
  run           INTEGER NOT NULL,
  playbook      TEXT    NOT NULL,
  step          INTEGER NOT NULL,
  kind          TEXT    NOT NULL,             -- scale | restart | rollout_undo | delete_pod | runbook
  target        TEXT    NOT NULL,             -- namespace/name or a runbook's name
  service       TEXT    NOT NULL,
  cause         TEXT    NOT NULL,
  risk          TEXT    NOT NULL,             -- low | medium | high
  parameters    TEXT    NOT NULL,             -- JSON object of strings
  state         TEXT    NOT NULL,
  dry_run       INTEGER NOT NULL,
  plan          TEXT,
  prior         TEXT    NOT NULL DEFAULT '{}', -- JSON: what rollback restores
  approvers     TEXT    NOT NULL,             -- JSON array
  verification  TEXT,                         -- JSON, null when there is nothing to verify with
  measurements  TEXT    NOT NULL DEFAULT '[]',
  answered_by   TEXT,
  expires_at    BIGINT,
  outcome       TEXT,
  ran           INTEGER NOT NULL DEFAULT 0,   -- 1 once it was asked to execute
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL,
  UNIQUE (decided_event, step)
);
CREATE INDEX remediation_actions_incident ON remediation_actions (incident_id, id);
CREATE INDEX remediation_actions_service ON remediation_actions (service, cause, created_at);

-- Who or what moved each action to which state, when and why.
CREATE TABLE remediation_audit (
  id        ${identity},
  action_id BIGINT NOT NULL,
  at        BIGINT NOT NULL,
  actor     TEXT   NOT NULL,
  state     TEXT   NOT NULL,
  detail    TEXT   NOT NULL
);
CREATE INDEX remediation_audit_action ON remediation_audit (action_id, id);

-- Diagnoses already decided on, including those that proposed nothing.
CREATE TABLE remediation_decisions (
  event_id   BIGINT PRIMARY KEY,
  decided_at BIGINT NOT NULL
);

-- The kill switch every gateway sharing the store obeys: one row while paused.
CREATE TABLE remediation_pause (
  id        INTEGER PRIMARY KEY,
  paused_by TEXT   NOT NULL,
  reason    TEXT   NOT NULL,
  paused_at BIGINT NOT NULL
);

-- Remediation follows the event stream from now on: old diagnoses are history.
INSERT INTO event_consumers (name, position, updated_at)
SELECT 'remediate', COALESCE(MAX(id), 0), 0 FROM incident_events WHERE true
ON CONFLICT (name) DO NOTHING;
