-- Alerts of another group of the same source join an active incident of the same service (one
-- incident per problem): looked up by service among active incidents only, newest first, so
-- the lookup does not walk a service's resolved history.
CREATE INDEX incidents_active_service ON incidents (service, last_signal_at)
  WHERE status <> 'resolved';
