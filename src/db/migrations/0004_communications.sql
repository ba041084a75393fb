-- Communications: every notice CiVQ sends, one row per recipient and channel, written in the
-- transaction of the change that causes it; a worker delivers queued rows.

-- How residents reach the entity; printed at the foot of every notice.
ALTER TABLE tenants ADD COLUMN contact_email text;
ALTER TABLE tenants ADD COLUMN contact_phone text;
-- The first hostname registered is the one links in notices use.
ALTER TABLE tenant_hosts ADD COLUMN added_at timestamptz NOT NULL DEFAULT clock_timestamp();

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  kind text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  language text NOT NULL CHECK (language IN ('en', 'es')),
  recipient text NOT NULL,
  recipient_name text,
  -- Optional notices carry an unsubscribe link; transactional ones (receipts, warnings) do not.
  optional boolean NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  unsubscribe_url text,
  -- source event + recipient + channel: a second notify with the same key is a no-op.
  idempotency_key text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'suppressed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A 'sending' row whose lease ran out belongs to a worker that died; it is claimed again.
  lease_until timestamptz,
  last_error text,
  provider_message_id text,
  -- smtp, or log when no mail server is configured (the embedded demo).
  delivered_via text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX messages_recent ON messages (tenant_id, created_at DESC, id);
SELECT civq_protect_tenant_table('messages');

-- Addresses that asked to stop optional notices of one kind.
CREATE TABLE unsubscribes (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  channel text NOT NULL,
  address text NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel, address, kind)
);
SELECT civq_protect_tenant_table('unsubscribes');
