-- Every change of an incident, written in the transaction that made it, in commit order (on
-- PostgreSQL event inserts are serialised by an advisory lock held to commit, so ids become
-- visible in order and a consumer reading past its position never skips one).
CREATE TABLE incident_events (
  id          ${identity},
  incident_id BIGINT  NOT NULL,
  kind        TEXT    NOT NULL,
  at          BIGINT  NOT NULL,
  recorded_at BIGINT  NOT NULL,
  detail      TEXT    NOT NULL,
  signal_id   BIGINT,
  run         INTEGER
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
CREATE INDEX incident_events_recorded ON incident_events (recorded_at);

-- Where each consumer of the stream stands: the id of the last event it handled.
CREATE TABLE event_consumers (
  name       TEXT   PRIMARY KEY,
  position   BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
