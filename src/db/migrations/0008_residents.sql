-- Residents: opt-in resident accounts, their sessions, one-time codes, passkeys, the things
-- they have claimed (links) and their notice preferences. Entirely separate from staff_users
-- and staff_sessions: a resident session is never looked up by the staff guard.

CREATE TABLE residents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  email text NOT NULL CHECK (email = lower(email)),
  password_hash text NOT NULL,
  -- Language of the portal and of account emails until preferences are saved.
  locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es')),
  email_verified_at timestamptz,
  -- Notice preferences; NULL saved_at = never saved (notices follow each account's language).
  notice_channel text NOT NULL DEFAULT 'email' CHECK (notice_channel IN ('email', 'sms', 'push')),
  notice_language text NOT NULL DEFAULT 'en' CHECK (notice_language IN ('en', 'es')),
  preferences_saved_at timestamptz,
  phone text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
  phone_verified_at timestamptz,
  sms_consent_at timestamptz,
  sms_consent_version text,
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  failed_claim_count integer NOT NULL DEFAULT 0,
  claims_locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);
SELECT civq_protect_tenant_table('residents');

-- As for staff: the cookie carries a random token, only its SHA-256 is stored.
CREATE TABLE resident_sessions (
  token_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX resident_sessions_resident ON resident_sessions (resident_id);
CREATE INDEX resident_sessions_expiry ON resident_sessions (expires_at);
SELECT civq_protect_tenant_table('resident_sessions');

-- One-time secrets: email verification codes, password reset links, phone codes. Only a
-- SHA-256 is stored; a secret is used once, expires, and allows a few wrong tries.
CREATE TABLE resident_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'verify_phone')),
  secret_hash text NOT NULL,
  -- The phone number a phone code was sent for.
  target text,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_tokens_lookup ON resident_tokens (tenant_id, resident_id, purpose);
CREATE UNIQUE INDEX resident_tokens_secret ON resident_tokens (tenant_id, secret_hash);
SELECT civq_protect_tenant_table('resident_tokens');

-- WebAuthn credentials (passkeys). The public key is COSE, base64url.
CREATE TABLE resident_passkeys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  credential_id text NOT NULL,
  public_key text NOT NULL,
  counter bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  UNIQUE (tenant_id, credential_id)
);
CREATE INDEX resident_passkeys_resident ON resident_passkeys (resident_id);
SELECT civq_protect_tenant_table('resident_passkeys');

-- Pending WebAuthn ceremonies: the challenge the browser must sign, for five minutes, once.
CREATE TABLE resident_webauthn_challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid REFERENCES residents (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('register', 'login')),
  challenge text NOT NULL,
  expires_at timestamptz NOT NULL
);
SELECT civq_protect_tenant_table('resident_webauthn_challenges');

-- What a resident has claimed: (module, ref_id) names another module's record by id, e.g.
-- ('utilities', <utility account id>). Several residents may link the same record (a household).
CREATE TABLE resident_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  resident_id uuid NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  module text NOT NULL,
  ref_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, resident_id, module, ref_id)
);
CREATE INDEX resident_links_ref ON resident_links (tenant_id, module, ref_id);
SELECT civq_protect_tenant_table('resident_links');
