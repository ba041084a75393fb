-- Platform: database roles, tenancy, row-level security helpers, the domain-event outbox.
--
-- Every query of the application runs inside a transaction that has switched to one of two
-- roles (see src/db/tenant-context.ts):
--   civq_app    - work for one tenant; row-level security limits it to that tenant's rows.
--   civq_system - platform plumbing across tenants (host lookup, event dispatch, CLI).
-- Neither is a superuser or a table owner, so RLS applies to both on PGlite and PostgreSQL
-- alike; FORCE ROW LEVEL SECURITY also holds the owner to the policies.

DO $$
BEGIN
  CREATE ROLE civq_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- roles are cluster-wide
END $$;
DO $$
BEGIN
  CREATE ROLE civq_system NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  -- A non-superuser owner must be a member to SET ROLE; a superuser already may.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT civq_app, civq_system TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO civq_app, civq_system;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO civq_app, civq_system;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO civq_app, civq_system;

-- The tenant of the current transaction, or NULL outside a tenant context (then no row matches).
CREATE FUNCTION civq_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('civq.tenant_id', true), '')::uuid $$;

-- Every tenant-owned table calls this right after CREATE TABLE. A test checks that no table
-- with a tenant_id column escapes it.
CREATE FUNCTION civq_protect_tenant_table(tbl regclass) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO civq_app '
    'USING (tenant_id = civq_current_tenant()) WITH CHECK (tenant_id = civq_current_tenant())', tbl);
  EXECUTE format('CREATE POLICY platform_access ON %s TO civq_system USING (true) WITH CHECK (true)', tbl);
END $$;

-- Tenants: the entities (cities, counties, districts) one install serves.
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name jsonb NOT NULL CHECK (name ? 'en' AND name ? 'es'),
  logo_url text,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenants FOR SELECT TO civq_app USING (id = civq_current_tenant());
CREATE POLICY platform_access ON tenants TO civq_system USING (true) WITH CHECK (true);
REVOKE INSERT, UPDATE, DELETE ON tenants FROM civq_app;

-- Hostnames a tenant answers on (lower case, no port).
CREATE TABLE tenant_hosts (
  hostname text PRIMARY KEY CHECK (hostname = lower(hostname) AND hostname !~ ':\d+$'),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX tenant_hosts_tenant ON tenant_hosts (tenant_id);
SELECT civq_protect_tenant_table('tenant_hosts');
REVOKE INSERT, UPDATE, DELETE ON tenant_hosts FROM civq_app;

-- The outbox: a module writes its domain event in the same transaction as the change.
CREATE TABLE domain_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  type text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'resident', 'public', 'system')),
  actor_id uuid,
  payload jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX domain_events_subject ON domain_events (tenant_id, subject_type, subject_id);
SELECT civq_protect_tenant_table('domain_events');
-- Events are facts: the application may add them, never rewrite them.
REVOKE UPDATE, DELETE ON domain_events FROM civq_app;

-- One row per (event, consumer), written with the event, so delivery survives any crash.
CREATE TABLE event_deliveries (
  event_id bigint NOT NULL REFERENCES domain_events (id),
  consumer text NOT NULL,
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_at timestamptz,
  PRIMARY KEY (event_id, consumer)
);
CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_at) WHERE status = 'pending';
SELECT civq_protect_tenant_table('event_deliveries');
