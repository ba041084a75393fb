import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { chargeStates, chargeStatusOf } from '../../payments/index.js';

/**
 * The delinquencies page: open past-due and shutoff-warned statements, plus any statement
 * whose service is still cut off (even once paid, so staff see whom to reconnect).
 */
export const delinquencyListQuery = z.object({
  stage: z.enum(['past_due', 'shutoff_warned']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const delinquencyView = z.object({
  statementId: z.uuid(),
  statementNumber: z.string(),
  accountId: z.uuid(),
  accountNumber: z.string(),
  customerName: z.string(),
  serviceAddress: z.string(),
  language: z.enum(['en', 'es']),
  stage: z.enum(['past_due', 'shutoff_warned']),
  dueDate: z.string(),
  /** Still owed on the statement's own charge. */
  balanceCents: z.number().int(),
  pastDueOn: z.string().nullable(),
  lateFeeCents: z.number().int(),
  warnedOn: z.string().nullable(),
  shutoffDate: z.string().nullable(),
  /** The account's overdue balance when the warning went out. */
  warnedOwedCents: z.number().int().nullable(),
  disconnectedOn: z.string().nullable(),
  reconnectedOn: z.string().nullable(),
});
export type DelinquencyView = z.infer<typeof delinquencyView>;

export const delinquencyTotals = z.object({
  pastDue: z.number().int(),
  shutoffWarned: z.number().int(),
  /** past due + shutoff warned (open statements). */
  delinquent: z.number().int(),
  /** What the open delinquent statements still owe on their own charges. */
  owedCents: z.number().int(),
  lateFeeCents: z.number().int(),
  disconnected: z.number().int(),
});

/** GET /delinquencies: the list with its totals. */
export const delinquencyListView = z.object({
  items: z.array(delinquencyView),
  total: z.number().int(),
  totals: delinquencyTotals,
});

type Row = {
  id: string;
  number: string;
  account_id: string;
  account_number: string;
  customer_name: string;
  service_address: string;
  language: 'en' | 'es';
  stage: 'past_due' | 'shutoff_warned';
  due_date: string;
  charge_id: string;
  past_due_on: string | null;
  late_fee_cents: number | null;
  warned_on: string | null;
  shutoff_date: string | null;
  warned_owed_cents: number | null;
  disconnected_on: string | null;
  reconnected_on: string | null;
};

const open = sql`${chargeStatusOf(sql`s.charge_id`)} IN ('pending', 'partially_paid')`;
const cutOff = sql`EXISTS (SELECT 1 FROM service_disconnections x WHERE x.statement_id = s.id AND x.reconnected_on IS NULL)`;

export async function listDelinquencies(tx: Tx, raw: unknown) {
  const query = parseOrThrow(delinquencyListQuery, raw);
  const where: SQL[] = [sql`s.state = 'issued'`, sql`s.stage <> 'none'`, sql`(${open} OR ${cutOff})`];
  if (query.stage) where.push(sql`s.stage = ${query.stage}`);
  const condition = sql.join(where, sql` AND `);
  const rows = await queryRows<Row>(
    tx,
    sql`
    SELECT s.id, s.number, s.account_id, s.account_number, s.customer_name, s.service_address, s.language,
      s.stage, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.charge_id,
      to_char(p.taken_on, 'YYYY-MM-DD') AS past_due_on, p.fee_cents::int AS late_fee_cents,
      to_char(w.taken_on, 'YYYY-MM-DD') AS warned_on, to_char(w.shutoff_date, 'YYYY-MM-DD') AS shutoff_date,
      w.owed_cents::int AS warned_owed_cents,
      to_char(x.disconnected_on, 'YYYY-MM-DD') AS disconnected_on, to_char(x.reconnected_on, 'YYYY-MM-DD') AS reconnected_on
    FROM utility_statements s
    LEFT JOIN delinquency_steps p ON p.statement_id = s.id AND p.step = 'past_due'
    LEFT JOIN delinquency_steps w ON w.statement_id = s.id AND w.step = 'shutoff_warned'
    LEFT JOIN service_disconnections x ON x.statement_id = s.id
    WHERE ${condition}
    ORDER BY s.stage DESC, w.shutoff_date NULLS LAST, p.taken_on, s.account_number
    LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  const charges = await chargeStates(
    tx,
    rows.map((r) => r.charge_id),
  );
  const items: DelinquencyView[] = rows.map((r) => ({
    statementId: r.id,
    statementNumber: r.number,
    accountId: r.account_id,
    accountNumber: r.account_number,
    customerName: r.customer_name,
    serviceAddress: r.service_address,
    language: r.language,
    stage: r.stage,
    dueDate: r.due_date,
    balanceCents: charges.get(r.charge_id)?.balanceCents ?? 0,
    pastDueOn: r.past_due_on,
    lateFeeCents: r.late_fee_cents ?? 0,
    warnedOn: r.warned_on,
    shutoffDate: r.shutoff_date,
    warnedOwedCents: r.warned_owed_cents,
    disconnectedOn: r.disconnected_on,
    reconnectedOn: r.reconnected_on,
  }));
  const [n] = await queryRows<{ total: number }>(
    tx,
    sql`SELECT count(*)::int AS total FROM utility_statements s WHERE ${condition}`,
  );
  return { items, total: n!.total, totals: await delinquencyTotalsOf(tx) };
}

/** The page's summary figures, over every open delinquent statement (not only the page shown). */
export async function delinquencyTotalsOf(tx: Tx): Promise<z.infer<typeof delinquencyTotals>> {
  const rows = await queryRows<{
    stage: string;
    charge_id: string;
    fee: number;
    is_open: boolean;
    cut_off: boolean;
  }>(
    tx,
    sql`
    SELECT s.stage, s.charge_id, coalesce(p.fee_cents, 0)::int AS fee, ${open} AS is_open, ${cutOff} AS cut_off
    FROM utility_statements s
    LEFT JOIN delinquency_steps p ON p.statement_id = s.id AND p.step = 'past_due'
    WHERE s.state = 'issued' AND s.stage <> 'none' AND s.charge_id IS NOT NULL`,
  );
  const openRows = rows.filter((r) => r.is_open);
  // The amounts still owed come from the ledger, through the payments module.
  const charges = await chargeStates(
    tx,
    openRows.map((r) => r.charge_id),
  );
  const pastDue = openRows.filter((r) => r.stage === 'past_due').length;
  const shutoffWarned = openRows.filter((r) => r.stage === 'shutoff_warned').length;
  return {
    pastDue,
    shutoffWarned,
    delinquent: pastDue + shutoffWarned,
    owedCents: openRows.reduce((sum, r) => sum + (charges.get(r.charge_id)?.balanceCents ?? 0), 0),
    lateFeeCents: openRows.reduce((sum, r) => sum + r.fee, 0),
    disconnected: rows.filter((r) => r.cut_off).length,
  };
}
