-- Utility billing, part 1: customer accounts, meters and their history, readings, the
-- exceptions staff review before billing, reading imports, account types and rate schedules.

-- Lower case without accents, so "Pena" finds "Peña" and "garcia" finds "García". IMMUTABLE
-- (a fixed translation table) so it can feed indexes and generated columns.
CREATE FUNCTION civq_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT translate(lower(t), 'áàâäãåéèêëíìîïóòôöõúùûüñçý', 'aaaaaaeeeeiiiiooooouuuuncy') $$;

CREATE TABLE utility_account_types (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name jsonb NOT NULL CHECK (name ? 'en' AND name ? 'es'),
  PRIMARY KEY (tenant_id, code)
);
SELECT civq_protect_tenant_table('utility_account_types');

CREATE TABLE utility_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  -- 10 digits, random, the last a Luhn check digit; the resident's portal lookup code.
  account_number text NOT NULL CHECK (account_number ~ '^[1-9][0-9]{9}$'),
  customer_name text NOT NULL,
  email text,
  phone text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
  street text NOT NULL,
  unit text,
  city text NOT NULL,
  state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  zip text NOT NULL CHECK (zip ~ '^[0-9]{5}(-[0-9]{4})?$'),
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  latitude numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
  longitude numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
  account_type text NOT NULL,
  -- Route/book: which billing cycle reads and bills the account (part 2).
  route text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'closed')),
  autopay boolean NOT NULL DEFAULT false,
  opened_on date NOT NULL DEFAULT current_date,
  closed_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', civq_fold(customer_name || ' ' || street || ' ' || coalesce(unit, '') || ' ' || city || ' ' || zip))
  ) STORED,
  UNIQUE (tenant_id, account_number),
  FOREIGN KEY (tenant_id, account_type) REFERENCES utility_account_types (tenant_id, code),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX utility_accounts_search ON utility_accounts USING gin (search);
CREATE INDEX utility_accounts_name ON utility_accounts (tenant_id, civq_fold(customer_name), id);
CREATE INDEX utility_accounts_status ON utility_accounts (tenant_id, status, civq_fold(customer_name));
SELECT civq_protect_tenant_table('utility_accounts');

CREATE TABLE meters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  serial text NOT NULL,
  service text NOT NULL CHECK (service IN ('water', 'sewer', 'electric', 'gas')),
  unit text NOT NULL CHECK (unit IN ('gal', 'kgal', 'ccf', 'cf', 'kwh', 'therm')),
  -- The register rolls over at 10^dials.
  dials integer NOT NULL CHECK (dials BETWEEN 1 AND 10),
  multiplier integer NOT NULL DEFAULT 1 CHECK (multiplier > 0),
  status text NOT NULL DEFAULT 'in_stock' CHECK (status IN ('in_stock', 'active', 'removed')),
  -- The account the meter is on now (history in meter_assignments).
  account_id uuid REFERENCES utility_accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, serial),
  CHECK ((status = 'active') = (account_id IS NOT NULL))
);
CREATE INDEX meters_account ON meters (account_id) WHERE account_id IS NOT NULL;
SELECT civq_protect_tenant_table('meters');

-- Which account a meter served, from when to when: a meter moves without losing its history.
CREATE TABLE meter_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  meter_id uuid NOT NULL REFERENCES meters (id),
  account_id uuid NOT NULL REFERENCES utility_accounts (id),
  installed_on date NOT NULL,
  removed_on date,
  CHECK (removed_on IS NULL OR removed_on >= installed_on)
);
CREATE UNIQUE INDEX meter_assignments_current ON meter_assignments (meter_id) WHERE removed_on IS NULL;
CREATE INDEX meter_assignments_account ON meter_assignments (account_id);
SELECT civq_protect_tenant_table('meter_assignments');

CREATE TABLE meter_reads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  meter_id uuid NOT NULL REFERENCES meters (id),
  account_id uuid REFERENCES utility_accounts (id),
  read_on date NOT NULL,
  value bigint NOT NULL CHECK (value >= 0),
  -- How it was read: manual (by hand), import (CSV), amr/ami (radio), estimated (calculated).
  method text NOT NULL CHECK (method IN ('manual', 'import', 'amr', 'ami', 'estimated')),
  -- initial/final reads open and close an assignment; regular reads are billed.
  purpose text NOT NULL DEFAULT 'regular' CHECK (purpose IN ('regular', 'initial', 'final')),
  -- Units used since the previous read (× multiplier, with rollover); NULL for an initial read.
  consumption bigint,
  rollover boolean NOT NULL DEFAULT false,
  import_id uuid,
  recorded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, meter_id, read_on, purpose)
);
CREATE INDEX meter_reads_meter ON meter_reads (meter_id, read_on DESC);
CREATE INDEX meter_reads_account ON meter_reads (account_id, read_on DESC);
SELECT civq_protect_tenant_table('meter_reads');

CREATE TABLE read_exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  meter_id uuid NOT NULL REFERENCES meters (id),
  account_id uuid REFERENCES utility_accounts (id),
  read_id uuid REFERENCES meter_reads (id),
  kind text NOT NULL CHECK (kind IN ('missing', 'zero', 'high', 'low', 'negative')),
  -- What the exception saw: units, trailing average, the rejected value …
  details jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'corrected', 'reread')),
  note text,
  resolved_by uuid,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX read_exceptions_open ON read_exceptions (tenant_id, status, created_at DESC);
SELECT civq_protect_tenant_table('read_exceptions');

CREATE TABLE reading_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  rows_total integer NOT NULL,
  rows_stored integer NOT NULL,
  rows_duplicate integer NOT NULL,
  rows_rejected integer NOT NULL,
  rejected jsonb NOT NULL DEFAULT '[]',
  imported_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
SELECT civq_protect_tenant_table('reading_imports');

CREATE TABLE rate_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  account_type text NOT NULL,
  service text NOT NULL CHECK (service IN ('water', 'sewer', 'electric', 'gas', 'trash', 'storm')),
  effective_from date NOT NULL,
  -- The schedule as the rating calculator reads it (src/modules/utilities/rating.ts).
  definition jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, account_type, service, effective_from),
  FOREIGN KEY (tenant_id, account_type) REFERENCES utility_account_types (tenant_id, code)
);
SELECT civq_protect_tenant_table('rate_schedules');
