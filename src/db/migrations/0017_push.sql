-- Web push (issue 17): the install's VAPID key pair and the residents' browser subscriptions.

-- One VAPID key pair per install, made at first start (or given by VAPID_PUBLIC_KEY /
-- VAPID_PRIVATE_KEY, then this row is not used). In the database rather than a file so every
-- app server of the install signs with the same key: browsers bind a subscription to the
-- public key it was made with. The private key is sealed with CIVQ_SECRET (AES-256-GCM);
-- only the system role reads it, never a tenant's request.
CREATE TABLE push_vapid_keys (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  public_key text NOT NULL,
  private_key_sealed bytea NOT NULL,
  seal_key_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON push_vapid_keys FROM civq_app;

-- A browser (device) of a resident that agreed to notifications. The endpoint is the push
-- service's URL for that browser; p256dh and auth are its RFC 8291 keys (base64url). An
-- endpoint belongs to one resident: subscribing again from the same browser moves it.
CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  endpoint text NOT NULL CHECK (endpoint LIKE 'https://%'),
  p256dh text NOT NULL,
  auth text NOT NULL,
  -- What the resident sees in the device list: browser and system from the User-Agent.
  device text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sent_at timestamptz,
  UNIQUE (tenant_id, endpoint)
);
CREATE INDEX push_subscriptions_resident ON push_subscriptions (resident_id);
SELECT civq_protect_tenant_table('push_subscriptions');

-- The page a push notification opens (the item's page in the portal); other channels put
-- their links in the text.
ALTER TABLE messages ADD COLUMN link_url text;
