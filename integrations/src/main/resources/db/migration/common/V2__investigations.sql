-- The investigation queue: one row per incident that asked for evidence. Workers on any
-- gateway claim a due row with a lease; a lease that ran out (a crashed worker) is claimable.
CREATE TABLE investigations (
  incident_id     BIGINT  PRIMARY KEY,
  state           TEXT    NOT NULL,               -- pending | done | failed
  due_at          BIGINT  NOT NULL,
  runs            INTEGER NOT NULL DEFAULT 0,      -- completed runs
  runs_left       INTEGER,                         -- re-runs still allowed; null before the first
  not_before      BIGINT,                          -- earliest next run (re-run spacing)
  rerun_requested BOOLEAN NOT NULL DEFAULT FALSE,  -- a signal joined while a run was going
  attempts        INTEGER NOT NULL DEFAULT 0,      -- tries of the current run
  lease_token     TEXT,
  lease_until     BIGINT,
  claimed_at      BIGINT,
  last_error      TEXT
);
CREATE INDEX investigations_due ON investigations (due_at) WHERE state = 'pending';

-- What each run found. The body is the evidence as JSON; the exchanges (every request sent to
-- a source and its answer, for bundles and replay) are gzip-compressed JSON.
CREATE TABLE evidence (
  incident_id  BIGINT  NOT NULL,
  run          INTEGER NOT NULL,
  collected_at BIGINT  NOT NULL,
  body         TEXT    NOT NULL,
  exchanges    ${blob} NOT NULL,
  PRIMARY KEY (incident_id, run)
);
