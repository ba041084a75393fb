-- Utility billing, part 2: billing cycles, the statements a run calculates and issues, their
-- meter reads and line items. A statement's current charges post to the payments ledger as
-- one charge (charge_id); balances, payments and paid/unpaid come from the ledger, never from
-- these tables.

CREATE TABLE billing_cycles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  -- Per-tenant serial, the first part of each statement number (S12-000045).
  seq integer NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- Which accounts: active accounts on these routes/books and of these types (empty = any).
  routes text[] NOT NULL DEFAULT '{}',
  account_types text[] NOT NULL DEFAULT '{}',
  period_start date NOT NULL,
  period_end date NOT NULL,
  read_from date NOT NULL,
  read_to date NOT NULL,
  bill_date date NOT NULL,
  due_date date NOT NULL,
  penalty_date date NOT NULL,
  -- open → calculated (drafts exist) → issuing (some issued) → issued
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'calculated', 'issuing', 'issued')),
  calculated_at timestamptz,
  issued_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, seq),
  CHECK (period_start <= period_end AND read_from <= read_to),
  CHECK (bill_date <= due_date AND due_date <= penalty_date)
);
SELECT civq_protect_tenant_table('billing_cycles');

CREATE TABLE utility_statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  cycle_id uuid NOT NULL REFERENCES billing_cycles (id),
  account_id uuid NOT NULL REFERENCES utility_accounts (id),
  -- Given at issue, in account-number order within the cycle: S<cycle seq>-<position>.
  number text,
  -- draft (calculated) | excluded (staff left it out of this run) | issued | void
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'excluded', 'issued', 'void')),
  -- Collections stage of an issued statement (the delinquency job moves it).
  stage text NOT NULL DEFAULT 'none' CHECK (stage IN ('none', 'past_due', 'shutoff_warned')),
  -- Snapshot of the customer at calculation, so the statement reads as it was sent.
  customer_name text NOT NULL,
  account_number text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'es')),
  email text,
  service_address text NOT NULL,
  account_type text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  bill_date date NOT NULL,
  due_date date NOT NULL,
  -- Previous statement's total due; payments received since it; everything else since it
  -- (fees, refunds, reversals, voids): previous − payments + adjustments = balance forward.
  previous_balance_cents bigint NOT NULL,
  payments_cents bigint NOT NULL,
  adjustments_cents bigint NOT NULL,
  current_charges_cents bigint NOT NULL CHECK (current_charges_cents >= 0),
  -- balance forward + current charges; below zero is a credit.
  total_due_cents bigint NOT NULL,
  -- What keeps the draft from being issued: [{ code, meterId?, … }]; empty when it can go.
  issues jsonb NOT NULL DEFAULT '[]',
  estimated boolean NOT NULL DEFAULT false,
  charge_id uuid,
  autopay boolean NOT NULL DEFAULT false,
  void_reason text,
  voided_at timestamptz,
  voided_by uuid,
  issued_at timestamptz,
  calculated_at timestamptz NOT NULL DEFAULT now(),
  -- One statement per account and cycle: a second click or a resumed run cannot make another.
  UNIQUE (tenant_id, cycle_id, account_id),
  UNIQUE (tenant_id, number),
  CHECK ((state IN ('issued', 'void')) = (number IS NOT NULL))
);
CREATE INDEX utility_statements_account ON utility_statements (account_id, bill_date DESC);
CREATE INDEX utility_statements_cycle ON utility_statements (cycle_id, state, account_number);
CREATE INDEX utility_statements_due ON utility_statements (tenant_id, state, stage, due_date);
CREATE INDEX utility_statements_charge ON utility_statements (charge_id) WHERE charge_id IS NOT NULL;
SELECT civq_protect_tenant_table('utility_statements');

-- Each metered service's reads on a statement.
-- Detail rows (statement_meters, statement_lines) name their tenant without a foreign key:
-- the statement they belong to already does, row-level security checks the tenant on every
-- write, and a billing run writes ~8 of them per account — a per-row key check each would
-- cost a 100,000-account run more than the inserts themselves.
CREATE TABLE statement_meters (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant(),
  statement_id uuid NOT NULL REFERENCES utility_statements (id) ON DELETE CASCADE,
  position integer NOT NULL,
  meter_id uuid NOT NULL,
  serial text NOT NULL,
  service text NOT NULL,
  unit text NOT NULL,
  prior_read bigint,
  prior_read_on date,
  current_read bigint,
  current_read_on date,
  consumption bigint NOT NULL,
  estimated boolean NOT NULL DEFAULT false,
  rollover boolean NOT NULL DEFAULT false,
  PRIMARY KEY (statement_id, position)
);
SELECT civq_protect_tenant_table('statement_meters');

-- Current charges, line by line, exactly as the rate calculator produced them.
CREATE TABLE statement_lines (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant(),
  statement_id uuid NOT NULL REFERENCES utility_statements (id) ON DELETE CASCADE,
  position integer NOT NULL,
  service text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('base', 'tier', 'minimum', 'flat', 'fee')),
  label jsonb NOT NULL CHECK (label ? 'en' AND label ? 'es'),
  quantity bigint,
  rate text,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  PRIMARY KEY (statement_id, position)
);
SELECT civq_protect_tenant_table('statement_lines');
