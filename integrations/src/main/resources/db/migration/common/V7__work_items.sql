-- The work queue: one row per (kind, subject). Workers on any gateway claim a due pending row
-- with a lease; a lease that ran out (a crashed worker) is claimable; a row that used its
-- attempts is dead until enqueued again.
CREATE TABLE work_items (
  kind         TEXT    NOT NULL,
  subject      TEXT    NOT NULL,
  state        TEXT    NOT NULL,               -- pending | done | dead
  due_at       BIGINT  NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  payload      TEXT    NOT NULL,
  lease_token  TEXT,
  lease_until  BIGINT,
  last_error   TEXT,
  updated_at   BIGINT  NOT NULL,
  PRIMARY KEY (kind, subject)
);
CREATE INDEX work_items_due ON work_items (due_at) WHERE state = 'pending';
CREATE INDEX work_items_dead ON work_items (kind, updated_at) WHERE state = 'dead';
