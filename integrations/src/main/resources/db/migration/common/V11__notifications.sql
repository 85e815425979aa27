-- The notification outbox: one row per message a decision asked for, written in the decision's
-- transaction. A message is delivered after every earlier message of its incident to the same
-- channel and target, so people read them in order. (event_id, channel, target, action) is
-- unique: a decision replayed after a crash asks for nothing twice.
CREATE TABLE notifications (
  id             ${identity},
  incident_id    BIGINT  NOT NULL,
  event_id       BIGINT  NOT NULL,
  channel        TEXT    NOT NULL,             -- pagerduty | slack
  target         TEXT    NOT NULL,             -- routing-key name or Slack channel
  action         TEXT    NOT NULL,             -- trigger | acknowledge | resolve | post | update | reply
  text           TEXT    NOT NULL,             -- why, as a person reads it
  state          TEXT    NOT NULL,             -- pending | failed | sent | gave_up | cancelled | coalesced
  due_at         BIGINT  NOT NULL,
  unless_handled INTEGER NOT NULL DEFAULT 0,   -- 1: cancelled if acknowledged or resolved first
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT,
  response       TEXT,
  created_at     BIGINT  NOT NULL,
  updated_at     BIGINT  NOT NULL,
  sent_at        BIGINT,
  UNIQUE (event_id, channel, target, action)
);
CREATE INDEX notifications_incident ON notifications (incident_id, channel, target, id);
CREATE INDEX notifications_open ON notifications (state) WHERE state IN ('pending', 'failed');

-- The one Slack message of each incident in each channel, updated in place; replies go in its
-- thread.
CREATE TABLE slack_messages (
  incident_id BIGINT NOT NULL,
  channel     TEXT   NOT NULL,
  channel_id  TEXT   NOT NULL,
  ts          TEXT   NOT NULL,
  PRIMARY KEY (incident_id, channel)
);

-- The events already decided on: a consumer handed the same events again after a crash finds
-- its decision here and writes nothing twice (also for decisions that only wrote the timeline).
CREATE TABLE notification_decisions (
  event_id   BIGINT PRIMARY KEY,
  decided_at BIGINT NOT NULL
);

-- Notifications follow the event stream from now on: on a store upgraded with incidents in it,
-- the events already retained are history, and deciding on them would page for incidents long
-- handled. (A new store has no events; the consumer then starts at the beginning as any other.)
-- SQLite needs the WHERE to read ON CONFLICT as the INSERT's.
INSERT INTO event_consumers (name, position, updated_at)
SELECT 'notify', COALESCE(MAX(id), 0), 0 FROM incident_events WHERE true
ON CONFLICT (name) DO NOTHING;
