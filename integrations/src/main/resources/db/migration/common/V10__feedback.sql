-- What people said about incidents after the fact: was the diagnosis right, what was the cause,
-- what fixed it. Every entry is kept; the latest per incident counts.
CREATE TABLE incident_feedback (
  id              ${identity},
  incident_id     BIGINT  NOT NULL,
  given_at        BIGINT  NOT NULL,
  given_by        TEXT    NOT NULL,
  diagnosed_cause TEXT,
  cause_correct   INTEGER,                    -- 1 yes, 0 no, NULL not said
  actual_cause    TEXT,
  fixed_by        TEXT    NOT NULL,
  notes           TEXT    NOT NULL
);
CREATE INDEX incident_feedback_incident ON incident_feedback (incident_id, id);
