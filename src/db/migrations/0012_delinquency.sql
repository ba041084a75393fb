-- Delinquency: each entity's late-fee and shutoff rules, the collection steps taken on each
-- statement (past due with its late fee, shutoff warning), and service disconnections with
-- their reconnection (and reconnect fee). Uniqueness here, not only checks in code, is what
-- makes a second run of the daily job — or two at once — charge and notify nothing twice.

-- The ledger learns two new kinds of charge.
ALTER TABLE charges DROP CONSTRAINT charges_kind_check;
ALTER TABLE charges ADD CONSTRAINT charges_kind_check CHECK (
  kind IN ('utility', 'permit_fee', 'records_fee', 'returned_check_fee', 'late_fee', 'reconnect_fee', 'other')
);

-- One row per entity once an administrator saves the rules; without a row the defaults apply
-- (src/modules/utilities/delinquency-settings.ts).
CREATE TABLE delinquency_settings (
  tenant_id uuid PRIMARY KEY DEFAULT civq_current_tenant() REFERENCES tenants (id),
  -- Days after a cycle's penalty date before an unpaid statement is past due.
  grace_days integer NOT NULL CHECK (grace_days BETWEEN 0 AND 90),
  -- Late fee = flat + percent × the statement's unpaid amount, rounded half-up once.
  late_fee_flat_cents bigint NOT NULL CHECK (late_fee_flat_cents BETWEEN 0 AND 100000000),
  -- Exact decimal percent as text (e.g. '10', '1.5'), at most 3 fraction digits.
  late_fee_percent text NOT NULL CHECK (late_fee_percent ~ '^\d{1,3}(\.\d{1,3})?$'),
  -- Days after a statement became past due before a shutoff warning goes out.
  shutoff_after_days integer NOT NULL CHECK (shutoff_after_days BETWEEN 1 AND 365),
  -- The account's overdue balance must be at least this for a warning.
  shutoff_minimum_cents bigint NOT NULL CHECK (shutoff_minimum_cents BETWEEN 0 AND 100000000),
  -- The shutoff date printed on a warning is this many days after it is sent.
  shutoff_notice_days integer NOT NULL CHECK (shutoff_notice_days BETWEEN 1 AND 90),
  reconnect_fee_cents bigint NOT NULL CHECK (reconnect_fee_cents BETWEEN 0 AND 100000000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
SELECT civq_protect_tenant_table('delinquency_settings');

-- The collection steps of a statement: at most one of each, ever.
CREATE TABLE delinquency_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  statement_id uuid NOT NULL REFERENCES utility_statements (id),
  account_id uuid NOT NULL REFERENCES utility_accounts (id),
  step text NOT NULL CHECK (step IN ('past_due', 'shutoff_warned')),
  -- The run's "today": the calendar day the step was taken.
  taken_on date NOT NULL,
  -- past_due: the statement's unpaid amount; shutoff_warned: the account's overdue balance.
  owed_cents bigint NOT NULL CHECK (owed_cents >= 0),
  fee_cents bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
  -- The late fee's ledger charge (payments module id).
  charge_id uuid,
  shutoff_date date,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, statement_id, step),
  CHECK ((step = 'shutoff_warned') = (shutoff_date IS NOT NULL))
);
CREATE UNIQUE INDEX delinquency_steps_charge ON delinquency_steps (charge_id) WHERE charge_id IS NOT NULL;
CREATE INDEX delinquency_steps_account ON delinquency_steps (account_id, taken_on);
SELECT civq_protect_tenant_table('delinquency_steps');

-- Service cut off for a shutoff-warned statement, and turned back on.
CREATE TABLE service_disconnections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  account_id uuid NOT NULL REFERENCES utility_accounts (id),
  statement_id uuid NOT NULL REFERENCES utility_statements (id),
  disconnected_on date NOT NULL,
  disconnected_by uuid,
  note text CHECK (length(note) <= 500),
  reconnected_on date,
  reconnected_by uuid,
  reconnect_fee_cents bigint CHECK (reconnect_fee_cents >= 0),
  -- The reconnect fee's ledger charge (payments module id), when one was charged.
  reconnect_charge_id uuid UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (reconnected_on IS NULL OR reconnected_on >= disconnected_on)
);
-- An account is disconnected at most once at a time; a statement leads to one disconnection.
CREATE UNIQUE INDEX service_disconnections_open ON service_disconnections (tenant_id, account_id)
  WHERE reconnected_on IS NULL;
CREATE UNIQUE INDEX service_disconnections_statement ON service_disconnections (tenant_id, statement_id);
SELECT civq_protect_tenant_table('service_disconnections');
