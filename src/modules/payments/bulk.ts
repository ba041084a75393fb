import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/rows.js';
import type { Tx } from '../../db/client.js';
import { toPgArray } from '../../events/bus.js';
import { groupCode, randomCode } from '../../lib/codes.js';
import { PaymentsEvents } from './events.js';
import { sourceKey } from './queries.js';
import { applyCredit, type LedgerContext } from './service.js';

/**
 * The ledger for callers that post thousands of charges at once (a utility billing run): the
 * same rules as createCharge — a random reference code, the source's ledger key held, the
 * source's credit spent on the new charge — in a handful of set-based statements instead of a
 * round trip per charge. Balances are still never stored.
 */

export type BulkCharge = {
  /** The caller's key for the row (e.g. a statement id), to match the charge id it gets. */
  key: string;
  kind: 'utility';
  description: { en: string; es: string };
  amountCents: number;
  party: { name: string; email: string | null; language: 'en' | 'es' };
  source: { module: string; id: string };
  dueDate: string;
  /** When the charge was billed, for history loaded from a previous system; now by default. */
  postedAt?: string;
};

const arr = (values: (string | number | null)[]) =>
  toPgArray(values.map((v) => (v === null ? '' : String(v))));

/** Posts the charges and returns caller key → charge id. Amounts must be integer cents > 0. */
export async function postCharges(ctx: LedgerContext, rows: BulkCharge[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (rows.length === 0) return ids;
  for (const r of rows) {
    if (!Number.isSafeInteger(r.amountCents) || r.amountCents <= 0)
      throw new RangeError(`charge amount must be positive integer cents: ${r.amountCents}`);
  }
  const { tx } = ctx;
  const keys = [...new Set(rows.map((r) => sourceKey(r.source)))].sort();
  // Every source's ledger key, in sorted order (as lockLedgerKeys does), in one statement.
  await tx.execute(sql`
    SELECT pg_advisory_xact_lock(hashtextextended(civq_current_tenant()::text || ':' || k, 0))
    FROM unnest(${toPgArray(keys)}::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`);
  let pending = rows;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 5) throw new Error('could not find free reference codes');
    const codes = pending.map(() => `C-${groupCode(randomCode(8))}`);
    const inserted = await queryRows<{ id: string; reference_code: string }>(
      tx,
      sql`
      INSERT INTO charges (reference_code, kind, description, amount_cents, party_name, party_email,
        party_language, source_module, source_id, due_date, created_by, created_at)
      SELECT code, kind, jsonb_build_object('en', en, 'es', es), amount::bigint, name, nullif(email, ''),
        lang, module, sid, due::date, ${ctx.actor.id}, coalesce(nullif(posted, '')::timestamptz, now())
      FROM unnest(${arr(codes)}::text[], ${arr(pending.map((r) => r.kind))}::text[],
        ${arr(pending.map((r) => r.description.en))}::text[], ${arr(pending.map((r) => r.description.es))}::text[],
        ${arr(pending.map((r) => r.amountCents))}::text[], ${arr(pending.map((r) => r.party.name))}::text[],
        ${arr(pending.map((r) => r.party.email))}::text[], ${arr(pending.map((r) => r.party.language))}::text[],
        ${arr(pending.map((r) => r.source.module))}::text[], ${arr(pending.map((r) => r.source.id))}::text[],
        ${arr(pending.map((r) => r.dueDate))}::text[], ${arr(pending.map((r) => r.postedAt ?? null))}::text[])
        AS u(code, kind, en, es, amount, name, email, lang, module, sid, due, posted)
      ON CONFLICT (tenant_id, reference_code) DO NOTHING
      RETURNING id, reference_code`,
    );
    const byCode = new Map(inserted.map((r) => [r.reference_code, r.id]));
    const next: BulkCharge[] = [];
    pending.forEach((r, i) => {
      const id = byCode.get(codes[i]!);
      if (id) ids.set(r.key, id);
      else next.push(r);
    });
    pending = next;
  }
  // One audit fact for the batch; each charge is also named by its caller's own event.
  await ctx.events.record(tx, {
    type: PaymentsEvents.chargesPosted,
    subjectType: 'charge_batch',
    subjectId: rows[0]!.key,
    actor: ctx.actor,
    payload: {
      count: rows.length,
      totalCents: rows.reduce((s, r) => s + r.amountCents, 0),
      sourceModule: rows[0]!.source.module,
    },
  });
  // Sources holding unapplied credit spend it on their new charge, as createCharge does.
  const withCredit = await sourcesWithCredit(
    tx,
    rows[0]!.source.module,
    rows.map((r) => r.source.id),
  );
  for (const r of rows) {
    if (withCredit.has(r.source.id)) await applyCredit(ctx, r.source, ids.get(r.key)!);
  }
  return ids;
}

/** Which of these sources of a module have completed payments holding unapplied money. */
async function sourcesWithCredit(tx: Tx, module: string, ids: string[]): Promise<Set<string>> {
  const rows = await queryRows<{ source_id: string }>(
    tx,
    sql`
    SELECT p.source_id FROM payments p
    WHERE p.source_module = ${module} AND p.source_id = ANY(${toPgArray(ids)}::text[]) AND p.status = 'completed'
      AND p.amount_cents > coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.payment_id = p.id), 0)
                         + coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.charge_id IS NULL), 0)
    GROUP BY p.source_id`,
  );
  return new Set(rows.map((r) => r.source_id));
}

export type SourceFigures = { owedCents: number; creditCents: number; balanceCents: number };

/**
 * Balance of every source of a module, in two grouped queries (the same arithmetic as
 * sourceBalance). Sources with nothing on the ledger are absent.
 */
export async function sourceBalances(tx: Tx, module: string): Promise<Map<string, SourceFigures>> {
  const owed = await queryRows<{ source_id: string; owed: string }>(
    tx,
    sql`
    SELECT c.source_id, sum(CASE WHEN c.status = 'void' THEN 0 ELSE c.amount_cents - coalesce(al.allocated, 0) END)::text AS owed
    FROM charges c
    LEFT JOIN (SELECT a.charge_id, sum(a.amount_cents) AS allocated
               FROM allocations a JOIN payments p ON p.id = a.payment_id AND p.status = 'completed'
               GROUP BY a.charge_id) al ON al.charge_id = c.id
    WHERE c.source_module = ${module}
    GROUP BY c.source_id`,
  );
  const credit = await queryRows<{ source_id: string; credit: string }>(
    tx,
    sql`
    SELECT p.source_id, sum(p.amount_cents - coalesce(al.allocated, 0) - coalesce(rf.refunded, 0))::text AS credit
    FROM payments p
    LEFT JOIN (SELECT payment_id, sum(amount_cents) AS allocated FROM allocations GROUP BY payment_id) al ON al.payment_id = p.id
    LEFT JOIN (SELECT payment_id, sum(amount_cents) AS refunded FROM refunds WHERE charge_id IS NULL GROUP BY payment_id) rf ON rf.payment_id = p.id
    WHERE p.source_module = ${module} AND p.status = 'completed'
    GROUP BY p.source_id`,
  );
  const out = new Map<string, SourceFigures>();
  const get = (id: string) => {
    let f = out.get(id);
    if (!f) out.set(id, (f = { owedCents: 0, creditCents: 0, balanceCents: 0 }));
    return f;
  };
  for (const r of owed) get(r.source_id).owedCents = Number(r.owed);
  for (const r of credit) get(r.source_id).creditCents = Number(r.credit);
  for (const f of out.values()) f.balanceCents = f.owedCents - f.creditCents;
  return out;
}

/** Completed payments to each source made after the given moment (e.g. its last statement). */
export async function sourcePaymentsSince(
  tx: Tx,
  module: string,
  since: { sourceId: string; after: string }[],
): Promise<Map<string, number>> {
  if (since.length === 0) return new Map();
  const rows = await queryRows<{ source_id: string; total: string }>(
    tx,
    sql`
    SELECT p.source_id, sum(p.amount_cents)::text AS total
    FROM unnest(${toPgArray(since.map((s) => s.sourceId))}::text[], ${toPgArray(since.map((s) => s.after))}::timestamptz[]) AS u(sid, after)
    JOIN payments p ON p.source_module = ${module} AND p.source_id = u.sid AND p.status = 'completed' AND p.created_at > u.after
    GROUP BY p.source_id`,
  );
  return new Map(rows.map((r) => [r.source_id, Number(r.total)]));
}

/**
 * What each source owes on charges already due — due date before `asOf` — less its unapplied
 * credit, never below zero (a delinquency run's "overdue balance"). Absent sources owe nothing.
 */
export async function overdueBalances(
  tx: Tx,
  module: string,
  sourceIds: string[],
  asOf: string,
): Promise<Map<string, number>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await queryRows<{ source_id: string; overdue: string }>(
    tx,
    sql`
    SELECT u.sid AS source_id, greatest(0,
      coalesce((SELECT sum(c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a
                  JOIN payments p ON p.id = a.payment_id AND p.status = 'completed' WHERE a.charge_id = c.id), 0))
                FROM charges c WHERE c.source_module = ${module} AND c.source_id = u.sid
                  AND c.status <> 'void' AND c.due_date < ${asOf}::date), 0)
      - coalesce((SELECT sum(p.amount_cents
                  - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.payment_id = p.id), 0)
                  - coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.charge_id IS NULL), 0))
                FROM payments p WHERE p.source_module = ${module} AND p.source_id = u.sid AND p.status = 'completed'), 0)
    )::text AS overdue
    FROM unnest(${toPgArray([...new Set(sourceIds)])}::text[]) AS u(sid)`,
  );
  return new Map(rows.map((r) => [r.source_id, Number(r.overdue)]));
}

export type ChargeState = { id: string; status: string; amountCents: number; balanceCents: number };

/** The ledger state of each charge, for modules that show their own documents' paid status. */
export async function chargeStates(tx: Tx, ids: string[]): Promise<Map<string, ChargeState>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; status: string; amount: string; allocated: string }>(
    tx,
    sql`
    SELECT c.id, c.status, c.amount_cents::text AS amount,
      coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN payments p ON p.id = a.payment_id
                WHERE a.charge_id = c.id AND p.status = 'completed'), 0)::text AS allocated
    FROM charges c WHERE c.id = ANY(${toPgArray(ids)}::uuid[])`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        status: r.status,
        amountCents: Number(r.amount),
        balanceCents: r.status === 'void' ? 0 : Number(r.amount) - Number(r.allocated),
      },
    ]),
  );
}

/**
 * A SQL expression for a charge's stored ledger status, so a module can filter its own rows by
 * paid/unpaid without reading the ledger's tables itself.
 */
export function chargeStatusOf(chargeId: SQL): SQL {
  return sql`(SELECT c.status FROM charges c WHERE c.id = ${chargeId})`;
}
