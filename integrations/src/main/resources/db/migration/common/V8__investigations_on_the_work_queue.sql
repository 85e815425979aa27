-- Investigations lease through the work queue (kind 'investigation', subject the incident id);
-- their own table keeps only what is particular to them: runs done, runs left, the spacing of
-- re-runs, and a re-run asked for while one was running.
INSERT INTO work_items (kind, subject, state, due_at, attempts, max_attempts, payload,
    lease_token, lease_until, last_error, updated_at)
  SELECT 'investigation', CAST(incident_id AS TEXT),
      CASE WHEN state = 'failed' THEN 'dead' ELSE state END, due_at, attempts, 2147483647, '{}',
      lease_token, lease_until, last_error, COALESCE(claimed_at, due_at)
  FROM investigations;
DROP INDEX investigations_due;
ALTER TABLE investigations DROP COLUMN state;
ALTER TABLE investigations DROP COLUMN due_at;
ALTER TABLE investigations DROP COLUMN attempts;
ALTER TABLE investigations DROP COLUMN lease_token;
ALTER TABLE investigations DROP COLUMN lease_until;
ALTER TABLE investigations DROP COLUMN claimed_at;
ALTER TABLE investigations DROP COLUMN last_error;
