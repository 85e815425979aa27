-- Storms: correlation takes, beside the oldest pending signals, the newest signals that opened
-- a group with nothing pending (group_head, decided at insert), so an alert of a group that is
-- not part of a backlog becomes an incident at once instead of after the whole backlog.
ALTER TABLE signals ADD COLUMN group_head BOOLEAN NOT NULL DEFAULT FALSE;
-- Whether a group has pending signals: probed once per inserted signal.
CREATE INDEX signals_pending_by_group ON signals (source, group_key, id) WHERE correlated = FALSE;
CREATE INDEX signals_pending_heads ON signals (id) WHERE correlated = FALSE AND group_head = TRUE;
