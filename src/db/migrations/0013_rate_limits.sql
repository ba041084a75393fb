-- Rate limits counted in the database, so every app server of an install sees one count per
-- client and route (docs/operations.md: app servers keep nothing a request needs). A row is one
-- fixed window; the upsert in server/plugins/rate-limit-store.ts starts a new window when the
-- old one has ended, and rows whose window ended are purged. Keys are sha256 of the route and
-- the client address: no address is stored.
CREATE TABLE rate_limit_hits (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  count integer NOT NULL
);
CREATE INDEX rate_limit_hits_expired ON rate_limit_hits (expires_at);
