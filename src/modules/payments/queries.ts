import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';

/**
 * The ledger's arithmetic, in SQL. Nothing here stores a balance: every figure is a sum over
 * charges, allocations and refunds, so there is one place where money is counted.
 *
 *   allocated(c)    = Σ allocations to c from completed (not reversed) payments
 *   lineRefunded(c) = Σ refunds against c — money returned and that part of c closed
 *   balance(c)      = void ? 0 : amount − allocated(c)
 *   unapplied(p)    = amount − Σ allocations of p − Σ refunds of p's credit   (the credit)
 */

export type Source = { module: string; id: string };

export type ChargeRow = {
  id: string;
  reference_code: string;
  kind: string;
  description: { en: string; es: string };
  amount_cents: number;
  allocated_cents: number;
  refunded_cents: number;
  balance_cents: number;
  party_name: string;
  party_email: string | null;
  party_phone: string | null;
  party_language: 'en' | 'es';
  source_module: string | null;
  source_id: string | null;
  due_date: string | null;
  status: string;
  void_reason: string | null;
  created_at: string;
};

/** Sums that both ledger lists and single lookups need, as a lateral join on charges `c`. */
const chargeFigures = sql`
  LEFT JOIN LATERAL (
    SELECT coalesce(sum(a.amount_cents), 0)::bigint AS allocated
    FROM allocations a JOIN payments p ON p.id = a.payment_id
    WHERE a.charge_id = c.id AND p.status = 'completed') al ON true
  LEFT JOIN LATERAL (
    SELECT coalesce(sum(r.amount_cents), 0)::bigint AS refunded
    FROM refunds r WHERE r.charge_id = c.id) rf ON true`;

export const chargeColumns = sql`
  c.id, c.reference_code, c.kind, c.description, c.amount_cents::int AS amount_cents,
  al.allocated::int AS allocated_cents, rf.refunded::int AS refunded_cents,
  (CASE WHEN c.status = 'void' THEN 0 ELSE c.amount_cents - al.allocated END)::int AS balance_cents,
  c.party_name, c.party_email, c.party_phone, c.party_language, c.source_module, c.source_id,
  to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.status, c.void_reason, c.created_at::text AS created_at`;

export async function selectCharges(tx: Tx, where: SQL, tail: SQL = sql``): Promise<ChargeRow[]> {
  return queryRows<ChargeRow>(
    tx,
    sql`SELECT ${chargeColumns} FROM charges c ${chargeFigures} WHERE ${where} ${tail}`,
  );
}

export async function chargeById(tx: Tx, id: string): Promise<ChargeRow | undefined> {
  return (await selectCharges(tx, sql`c.id = ${id}`))[0];
}

export async function chargeByReference(tx: Tx, referenceCode: string): Promise<ChargeRow | undefined> {
  return (await selectCharges(tx, sql`c.reference_code = ${referenceCode}`))[0];
}

/** A source's charges that still owe something, oldest first (due date, then creation). */
export async function openChargesOfSource(tx: Tx, source: Source): Promise<ChargeRow[]> {
  const rows = await selectCharges(
    tx,
    sql`c.source_module = ${source.module} AND c.source_id = ${source.id} AND c.status <> 'void'`,
    sql`ORDER BY c.due_date NULLS LAST, c.created_at, c.id`,
  );
  return rows.filter((r) => r.balance_cents > 0);
}

/**
 * Serializes money changes on one ledger key (a source, or a lone charge) for the rest of the
 * transaction. Two clerks paying the same account at the same moment take turns, and the
 * second sees the first's allocations. Keys are taken in sorted order so two transactions
 * needing several keys cannot deadlock.
 */
export async function lockLedgerKeys(tx: Tx, keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(civq_current_tenant()::text || ':' || ${key}, 0))`,
    );
  }
}

export const ledgerKey = (c: { id: string; source_module: string | null; source_id: string | null }) =>
  c.source_module ? `source:${c.source_module}:${c.source_id}` : `charge:${c.id}`;
export const sourceKey = (s: Source) => `source:${s.module}:${s.id}`;

/** Re-derives the stored status of the given charges from their allocations and refunds. */
export async function refreshChargeStatus(tx: Tx, chargeIds: string[]): Promise<void> {
  if (chargeIds.length === 0) return;
  const ids = sql.join(
    chargeIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE charges c SET status = CASE
        WHEN c.amount_cents = f.allocated AND f.allocated > 0 AND f.refunded = f.allocated THEN 'refunded'
        WHEN c.amount_cents = f.allocated THEN 'paid'
        WHEN f.allocated - f.refunded > 0 THEN 'partially_paid'
        ELSE 'pending' END
    FROM (
      SELECT c.id, al.allocated, rf.refunded FROM charges c ${chargeFigures} WHERE c.id IN (${ids})
    ) f
    WHERE c.id = f.id AND c.status <> 'void'`);
}

export type PaymentFigures = {
  id: string;
  amount_cents: number;
  allocated_cents: number;
  credit_refunded_cents: number;
  line_refunded_cents: number;
  unapplied_cents: number;
  status: 'completed' | 'reversed';
};

export async function paymentFigures(tx: Tx, where: SQL): Promise<PaymentFigures[]> {
  return queryRows<PaymentFigures>(
    tx,
    sql`
    SELECT p.id, p.amount_cents::int AS amount_cents, p.status,
      coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.payment_id = p.id), 0)::int AS allocated_cents,
      coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.charge_id IS NULL), 0)::int AS credit_refunded_cents,
      coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.charge_id IS NOT NULL), 0)::int AS line_refunded_cents,
      (p.amount_cents
        - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.payment_id = p.id), 0)
        - coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.charge_id IS NULL), 0))::int AS unapplied_cents
    FROM payments p WHERE ${where}`,
  );
}

/** A source's completed payments that still hold unapplied money, oldest first. */
export async function creditsOfSource(tx: Tx, source: Source): Promise<PaymentFigures[]> {
  const rows = await paymentFigures(
    tx,
    sql`p.source_module = ${source.module} AND p.source_id = ${source.id} AND p.status = 'completed'
        ORDER BY p.received_on, p.created_at, p.id`,
  );
  return rows.filter((p) => p.unapplied_cents > 0);
}

/** Balance of a source: what its charges still owe minus the credit its payments hold. */
export async function sourceBalance(
  tx: Tx,
  source: Source,
): Promise<{ owedCents: number; creditCents: number; balanceCents: number }> {
  const charges = await selectCharges(
    tx,
    sql`c.source_module = ${source.module} AND c.source_id = ${source.id} AND c.status <> 'void'`,
  );
  const owed = charges.reduce((s, c) => s + c.balance_cents, 0);
  const credit = (await creditsOfSource(tx, source)).reduce((s, p) => s + p.unapplied_cents, 0);
  return { owedCents: owed, creditCents: credit, balanceCents: owed - credit };
}

/** Next number of a per-tenant, per-year series: R-2026-000001, RF-2026-000001 … */
export async function nextNumber(tx: Tx, series: 'R' | 'RF', year: number): Promise<string> {
  const [row] = await queryRows<{ last_value: number }>(
    tx,
    sql`
    INSERT INTO payment_counters (series, year, last_value) VALUES (${series}, ${year}, 1)
    ON CONFLICT (tenant_id, series, year) DO UPDATE SET last_value = payment_counters.last_value + 1
    RETURNING last_value`,
  );
  return `${series}-${year}-${String(row!.last_value).padStart(6, '0')}`;
}

/** What a resident sees of a source: the oldest unpaid due date and when it was last billed. */
export async function sourceDates(
  tx: Tx,
  source: Source,
): Promise<{ dueDate: string | null; lastBilledOn: string | null }> {
  const open = await openChargesOfSource(tx, source);
  const [row] = await queryRows<{ last: string | null }>(
    tx,
    sql`SELECT to_char(max(created_at), 'YYYY-MM-DD') AS last FROM charges
        WHERE source_module = ${source.module} AND source_id = ${source.id} AND status <> 'void'`,
  );
  const dues = open
    .map((c) => c.due_date)
    .filter((d): d is string => d !== null)
    .sort();
  return { dueDate: dues[0] ?? null, lastBilledOn: row?.last ?? null };
}

/** What a source's completed payments came to since a date, net of refunds (a resident's "what I paid"). */
export async function sourcePaidSince(tx: Tx, source: Source, since: string): Promise<number> {
  const [row] = await queryRows<{ paid: number }>(
    tx,
    sql`
    SELECT (coalesce(sum(p.amount_cents), 0)
      - coalesce((SELECT sum(r.amount_cents) FROM refunds r JOIN payments q ON q.id = r.payment_id
                  WHERE q.source_module = ${source.module} AND q.source_id = ${source.id}
                    AND q.status = 'completed' AND q.received_on >= ${since}::date), 0))::int AS paid
    FROM payments p
    WHERE p.source_module = ${source.module} AND p.source_id = ${source.id}
      AND p.status = 'completed' AND p.received_on >= ${since}::date`,
  );
  return row?.paid ?? 0;
}
