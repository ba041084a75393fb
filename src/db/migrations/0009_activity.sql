-- My Activity: a projection fed by domain events (src/modules/activity). Nothing here is the
-- record of anything; it can be rebuilt from domain_events.
--
--   activity_items          the current status of each thing shown (a statement, a payment …)
--   activity_entries        one row per event worth showing, in the scope it belongs to
--                           (scope = the record a resident links: a utility account, a 311 request …)
--   activity_subscriptions  which resident follows which scope (linked, or filed while signed in)
--   activity_feed           entries fanned out per resident, so a page is one index range scan

CREATE TABLE activity_items (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  item_type text NOT NULL,
  item_id text NOT NULL,
  scope_module text NOT NULL,
  scope_id text NOT NULL,
  status text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, item_type, item_id)
);
SELECT civq_protect_tenant_table('activity_items');

CREATE TABLE activity_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  event_id bigint,
  scope_module text NOT NULL,
  scope_id text NOT NULL,
  kind text NOT NULL,
  action text NOT NULL,
  item_type text NOT NULL,
  item_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX activity_entries_scope ON activity_entries (tenant_id, scope_module, scope_id);
CREATE INDEX activity_entries_item ON activity_entries (tenant_id, item_type, item_id);
-- A repeated delivery of the same event adds nothing.
CREATE UNIQUE INDEX activity_entries_event ON activity_entries (event_id, item_type, item_id);
SELECT civq_protect_tenant_table('activity_entries');

CREATE TABLE activity_subscriptions (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid NOT NULL,
  scope_module text NOT NULL,
  scope_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resident_id, scope_module, scope_id)
);
CREATE INDEX activity_subscriptions_scope ON activity_subscriptions (tenant_id, scope_module, scope_id);
SELECT civq_protect_tenant_table('activity_subscriptions');

CREATE TABLE activity_feed (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  entry_id bigint NOT NULL REFERENCES activity_entries (id) ON DELETE CASCADE,
  kind text NOT NULL,
  PRIMARY KEY (tenant_id, resident_id, occurred_at, entry_id)
);
-- Newest first, and newest first of one kind: both pages are a single backward index scan.
CREATE INDEX activity_feed_kind ON activity_feed (tenant_id, resident_id, kind, occurred_at, entry_id);
CREATE INDEX activity_feed_entry ON activity_feed (entry_id);
SELECT civq_protect_tenant_table('activity_feed');
