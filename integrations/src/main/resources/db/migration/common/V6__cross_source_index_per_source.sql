-- Cross-source correlation looks for active incidents that have no signal from the new signal's
-- source. V1 enumerated every combination of the other sources (2^(n-1) - 1 values); one partial
-- index per source that an incident lacks grows with the number of sources instead. A source
-- added later adds its index here (without one the query is still right, only slower).
DROP INDEX incidents_active_sources;
CREATE INDEX incidents_active_without_alertmanager ON incidents (last_signal_at)
  WHERE status <> 'resolved' AND sources NOT LIKE '%,alertmanager,%';
CREATE INDEX incidents_active_without_grafana ON incidents (last_signal_at)
  WHERE status <> 'resolved' AND sources NOT LIKE '%,grafana,%';
CREATE INDEX incidents_active_without_datadog ON incidents (last_signal_at)
  WHERE status <> 'resolved' AND sources NOT LIKE '%,datadog,%';
CREATE INDEX incidents_active_without_pagerduty ON incidents (last_signal_at)
  WHERE status <> 'resolved' AND sources NOT LIKE '%,pagerduty,%';
