-- Autopay by bank draft: enrolments (bank details sealed with AES-256-GCM, never in clear),
-- the ACH entries they produce (a zero-dollar prenote on enrolment, one debit per autopay
-- statement with an amount due), the NACHA files those entries travel in, and each entity's
-- company/ODFI settings. Money is integer cents; a settled debit becomes an 'ach' payment on
-- the payments ledger, a return reverses it.

CREATE TABLE autopay_enrolments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  account_id uuid NOT NULL REFERENCES utility_accounts (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  -- Routing and account number, sealed (iv ‖ tag ‖ ciphertext, AES-256-GCM, bound to this row's
  -- id and tenant). key_id names the HKDF-derived key that sealed it, so keys can rotate.
  bank_sealed bytea NOT NULL,
  key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{8,32}$'),
  -- Only what a masked display needs is kept in clear.
  routing_last4 text NOT NULL CHECK (routing_last4 ~ '^[0-9]{4}$'),
  account_last4 text NOT NULL CHECK (account_last4 ~ '^[0-9A-Z-]{1,4}$'),
  account_type text NOT NULL CHECK (account_type IN ('checking', 'savings')),
  holder_name text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 120),
  authorized_on date NOT NULL,
  -- How the customer authorized the draft: a signed paper form (PPD entries) or online (WEB).
  auth_method text NOT NULL CHECK (auth_method IN ('paper', 'web')),
  returns_count integer NOT NULL DEFAULT 0,
  -- staff | returns (too many returned drafts) | return_code (an R02/R03/R04… return) | account_closed
  cancel_reason text CHECK (cancel_reason IN ('staff', 'returns', 'return_code', 'account_closed')),
  cancelled_at timestamptz,
  cancelled_by uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- At most one active enrolment per account.
CREATE UNIQUE INDEX autopay_enrolments_active ON autopay_enrolments (tenant_id, account_id)
  WHERE status = 'active';
CREATE INDEX autopay_enrolments_account ON autopay_enrolments (account_id, created_at DESC);
SELECT civq_protect_tenant_table('autopay_enrolments');

CREATE TABLE ach_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  file_date date NOT NULL,
  -- A–Z then 0–9: the Nth file of the day.
  id_modifier text NOT NULL CHECK (id_modifier ~ '^[A-Z0-9]$'),
  effective_date date NOT NULL,
  -- The company/ODFI settings the file was built with, so a later download renders it the same.
  settings jsonb NOT NULL,
  entry_count integer NOT NULL,
  debit_total_cents bigint NOT NULL CHECK (debit_total_cents >= 0),
  entry_hash bigint NOT NULL,
  content_sha256 text NOT NULL,
  status text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'settled')),
  settled_on date,
  settled_at timestamptz,
  settled_by uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, file_date, id_modifier),
  CHECK ((status = 'settled') = (settled_at IS NOT NULL))
);
CREATE INDEX ach_files_recent ON ach_files (tenant_id, created_at DESC);
SELECT civq_protect_tenant_table('ach_files');

-- One ACH entry: a prenote (0 ¢) or a debit. pending → sent (in a file) → settled | returned;
-- pending → cancelled when the enrolment ends first.
CREATE TABLE autopay_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  enrolment_id uuid NOT NULL REFERENCES autopay_enrolments (id),
  account_id uuid NOT NULL REFERENCES utility_accounts (id),
  statement_id uuid REFERENCES utility_statements (id),
  kind text NOT NULL CHECK (kind IN ('prenote', 'debit')),
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sent', 'settled', 'returned', 'cancelled')),
  file_id uuid REFERENCES ach_files (id),
  -- Position in the file (the last 7 digits of the trace number).
  trace_sequence integer,
  payment_id uuid,
  return_code text CHECK (return_code ~ '^R[0-9]{2}$'),
  returned_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'prenote') = (amount_cents = 0)),
  CHECK ((kind = 'debit') = (statement_id IS NOT NULL)),
  CHECK ((status = 'pending' OR status = 'cancelled') = (file_id IS NULL)),
  CHECK ((status = 'returned') = (return_code IS NOT NULL)),
  UNIQUE (tenant_id, file_id, trace_sequence)
);
-- One debit per statement: a repeated or resumed issue cannot draft a bill twice.
CREATE UNIQUE INDEX autopay_entries_statement ON autopay_entries (tenant_id, statement_id)
  WHERE statement_id IS NOT NULL;
CREATE INDEX autopay_entries_pending ON autopay_entries (tenant_id, status, created_at)
  WHERE status = 'pending';
CREATE INDEX autopay_entries_enrolment ON autopay_entries (enrolment_id);
-- Drafts of an account still on their way to the bank, read for each statement at issue.
CREATE INDEX autopay_entries_account ON autopay_entries (account_id, kind, status);
CREATE INDEX autopay_entries_file ON autopay_entries (file_id) WHERE file_id IS NOT NULL;
SELECT civq_protect_tenant_table('autopay_entries');

-- Company and bank (ODFI) details for the entity's ACH files; absent → demo defaults.
CREATE TABLE autopay_settings (
  tenant_id uuid PRIMARY KEY DEFAULT civq_current_tenant() REFERENCES tenants (id),
  immediate_destination text NOT NULL,
  destination_name text NOT NULL,
  immediate_origin text NOT NULL,
  origin_name text NOT NULL,
  company_name text NOT NULL,
  company_id text NOT NULL,
  originating_dfi text NOT NULL,
  entry_description text NOT NULL,
  time_zone text NOT NULL,
  -- Returned drafts after which the account leaves autopay.
  return_limit integer NOT NULL CHECK (return_limit BETWEEN 1 AND 10),
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT civq_protect_tenant_table('autopay_settings');

-- A settled draft is a payment of method 'ach'.
ALTER TABLE payments DROP CONSTRAINT payments_method_check;
ALTER TABLE payments ADD CONSTRAINT payments_method_check CHECK (method IN ('check', 'cash', 'card', 'ach'));
