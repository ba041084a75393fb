-- Text messages (SMS): per-entity sender and quiet hours, numbers that texted STOP, and what
-- the communications log needs to say about a text: its segments, the provider's status, and
-- which channel a notice went by and why (a resident who chose SMS but has no verified phone
-- gets email, and the log says so).

-- One row per entity that changed the defaults; no row = defaults (America/Chicago, 21:00–08:00,
-- the install's SMS_FROM / SMS_MESSAGING_SERVICE_SID).
CREATE TABLE communication_settings (
  tenant_id uuid PRIMARY KEY DEFAULT civq_current_tenant() REFERENCES tenants (id),
  -- IANA time zone the quiet hours are read in.
  time_zone text NOT NULL DEFAULT 'America/Chicago',
  -- Texts and pushes that are not urgent wait from quiet_start until quiet_end (minutes after local midnight).
  quiet_start_minute integer NOT NULL DEFAULT 1260 CHECK (quiet_start_minute BETWEEN 0 AND 1439),
  quiet_end_minute integer NOT NULL DEFAULT 480 CHECK (quiet_end_minute BETWEEN 0 AND 1439),
  -- The entity's sender: an E.164 number, or a messaging service (Twilio MG…) that picks one.
  sms_from text CHECK (sms_from ~ '^\+[1-9][0-9]{7,14}$'),
  sms_messaging_service_sid text CHECK (sms_messaging_service_sid ~ '^MG[0-9a-fA-F]{32}$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT civq_protect_tenant_table('communication_settings');

-- Numbers that texted STOP (or PARAR …) to the entity: never texted again until START.
CREATE TABLE sms_opt_outs (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
  keyword text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, phone)
);
SELECT civq_protect_tenant_table('sms_opt_outs');

-- The provider reports delivered / undelivered after `sent`.
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed'));
-- SMS segments (GSM-7 160/153, UCS-2 70/67); NULL for email.
ALTER TABLE messages ADD COLUMN segments integer;
-- The channel the resident chose, and why the message went by another one (NULL = as chosen).
ALTER TABLE messages ADD COLUMN requested_channel text;
ALTER TABLE messages ADD COLUMN channel_reason text;
-- Urgent messages (a verification code, a shutoff warning on its last day) ignore quiet hours.
ALTER TABLE messages ADD COLUMN urgent boolean NOT NULL DEFAULT false;
-- The provider's last reported status (queued, sent, delivered, undelivered, failed) and when.
ALTER TABLE messages ADD COLUMN provider_status text;
ALTER TABLE messages ADD COLUMN provider_status_at timestamptz;
-- What the notice was rendered from and who it was for, so staff can resend it on another channel.
ALTER TABLE messages ADD COLUMN data jsonb;
ALTER TABLE messages ADD COLUMN contact jsonb;
CREATE INDEX messages_provider_id ON messages (tenant_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX messages_channel ON messages (tenant_id, channel, created_at DESC);

-- The language the resident read the SMS consent in (with sms_consent_version and sms_consent_at).
ALTER TABLE residents ADD COLUMN sms_consent_language text CHECK (sms_consent_language IN ('en', 'es'));
