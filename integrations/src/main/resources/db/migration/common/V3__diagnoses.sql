-- What each investigation run concluded: the diagnosis as JSON (anomalies, log patterns,
-- trace findings, ranked hypotheses citing evidence ids).
CREATE TABLE diagnoses (
  incident_id BIGINT  NOT NULL,
  run         INTEGER NOT NULL,
  created_at  BIGINT  NOT NULL,
  body        TEXT    NOT NULL,
  PRIMARY KEY (incident_id, run)
);
