-- Payments: one ledger for every charge, payment, allocation and refund. Balances are never
-- stored: they are sums over these rows (see src/modules/payments/queries.ts). Money is
-- integer cents everywhere.

-- What someone owes. Other modules post here (utility statements, permit fees, copy fees).
CREATE TABLE charges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  -- Human-readable, random, unique per tenant, e.g. C-7KQ4-M2XD (see src/lib/codes.ts).
  reference_code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('utility', 'permit_fee', 'records_fee', 'returned_check_fee', 'other')),
  description jsonb NOT NULL CHECK (description ? 'en' AND description ? 'es'),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  party_name text NOT NULL,
  party_email text,
  party_phone text,
  party_language text NOT NULL DEFAULT 'en' CHECK (party_language IN ('en', 'es')),
  -- What the charge belongs to in its module, e.g. ('utilities', <account id>). Payments made
  -- to a source are spread over its open charges, and its credit pays its next charge.
  source_module text,
  source_id text,
  due_date date,
  -- Derived from allocations and refunds by refreshChargeStatus; stored for filtering.
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'partially_paid', 'paid', 'refunded', 'void')),
  void_reason text,
  voided_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, reference_code),
  CHECK ((source_module IS NULL) = (source_id IS NULL))
);
CREATE INDEX charges_recent ON charges (tenant_id, created_at DESC, id);
CREATE INDEX charges_source ON charges (tenant_id, source_module, source_id) WHERE source_module IS NOT NULL;
CREATE INDEX charges_status ON charges (tenant_id, status);
SELECT civq_protect_tenant_table('charges');

-- Money received. card is reserved for a provider behind an interface; no card data is stored.
CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  receipt_number text NOT NULL,
  method text NOT NULL CHECK (method IN ('check', 'cash', 'card')),
  check_number text,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  received_on date NOT NULL,
  payer_name text NOT NULL,
  payer_email text,
  payer_language text NOT NULL DEFAULT 'en' CHECK (payer_language IN ('en', 'es')),
  -- The source the payment was made to; unapplied money stays there as a credit.
  source_module text,
  source_id text,
  -- reversed: a returned (NSF) check; its allocations no longer count.
  status text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'reversed')),
  reversal_reason text,
  reversed_at timestamptz,
  reversed_by uuid,
  recorded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, receipt_number),
  CHECK (method <> 'check' OR check_number IS NOT NULL)
);
CREATE INDEX payments_recent ON payments (tenant_id, received_on DESC, created_at DESC);
CREATE INDEX payments_source ON payments (tenant_id, source_module, source_id) WHERE source_module IS NOT NULL;
SELECT civq_protect_tenant_table('payments');

-- How much of a payment went to which charge.
CREATE TABLE allocations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  payment_id uuid NOT NULL REFERENCES payments (id),
  charge_id uuid NOT NULL REFERENCES charges (id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX allocations_charge ON allocations (charge_id);
CREATE INDEX allocations_payment ON allocations (payment_id);
SELECT civq_protect_tenant_table('allocations');

-- Money returned from a payment: against one charge it paid (the charge is closed for that
-- part), or out of the payment's unapplied credit (charge_id NULL).
CREATE TABLE refunds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  refund_number text NOT NULL,
  payment_id uuid NOT NULL REFERENCES payments (id),
  charge_id uuid REFERENCES charges (id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  reason text NOT NULL,
  refunded_on date NOT NULL DEFAULT current_date,
  refunded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, refund_number)
);
CREATE INDEX refunds_payment ON refunds (payment_id);
CREATE INDEX refunds_charge ON refunds (charge_id) WHERE charge_id IS NOT NULL;
CREATE INDEX refunds_recent ON refunds (tenant_id, created_at DESC);
SELECT civq_protect_tenant_table('refunds');

-- Receipt and refund numbers: one gap-free series per tenant, kind and year (finance asks
-- about a missing number; random ones would hide it).
CREATE TABLE payment_counters (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  series text NOT NULL,
  year integer NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (tenant_id, series, year)
);
SELECT civq_protect_tenant_table('payment_counters');

-- Idempotency-Key for POSTs that move money: the first response is stored in the same
-- transaction as the change, so a retry gets it back and changes nothing.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL DEFAULT civq_current_tenant() REFERENCES tenants (id),
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  response_status integer NOT NULL,
  response_body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, scope, key)
);
SELECT civq_protect_tenant_table('idempotency_keys');
