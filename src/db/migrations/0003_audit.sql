-- Audit: the append-only log of staff actions, fed by domain events.

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  event_id bigint NOT NULL UNIQUE,
  occurred_at timestamptz NOT NULL,
  actor_type text NOT NULL,
  actor_id uuid,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_recent ON audit_log (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_subject ON audit_log (tenant_id, subject_type, subject_id);
SELECT civq_protect_tenant_table('audit_log');
-- Append-only for the application: no role it runs as may rewrite history.
REVOKE UPDATE, DELETE ON audit_log FROM civq_app, civq_system;
