import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { normalizeAccountNumber } from '../../../lib/codes.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import {
  chargeStates,
  chargeStatusOf,
  voidCharge,
  type ChargeState,
  type LedgerContext,
} from '../../payments/index.js';
import { UtilitiesEvents } from '../shared/index.js';

/**
 * Statements as staff and residents see them. What a statement says (reads, lines, balance
 * forward) is fixed when it is issued; whether it is paid comes from its ledger charge, so the
 * status shown is derived: void › paid › shutoff-warned › past due › partially paid › issued.
 */

export const STATEMENT_STATUSES = [
  'draft',
  'excluded',
  'issued',
  'partially_paid',
  'paid',
  'past_due',
  'shutoff_warned',
  'void',
] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export const statementListQuery = z.object({
  cycleId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  status: z.enum(STATEMENT_STATUSES).optional(),
  /** Only drafts that need staff attention. */
  withIssues: z.coerce.boolean().optional(),
  /** Statement number (S12-000045) or account number, any separators. */
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export type StatementRow = {
  id: string;
  cycle_id: string;
  cycle_name: string;
  account_id: string;
  number: string | null;
  state: 'draft' | 'excluded' | 'issued' | 'void';
  stage: 'none' | 'past_due' | 'shutoff_warned';
  customer_name: string;
  account_number: string;
  language: 'en' | 'es';
  email: string | null;
  service_address: string;
  account_type: string;
  period_start: string;
  period_end: string;
  bill_date: string;
  due_date: string;
  previous_balance_cents: number;
  payments_cents: number;
  adjustments_cents: number;
  current_charges_cents: number;
  total_due_cents: number;
  issues: { code: string; [k: string]: unknown }[];
  estimated: boolean;
  autopay: boolean;
  charge_id: string | null;
  void_reason: string | null;
  issued_at: string | null;
};

const day = (c: string) => sql.raw(`to_char(s.${c}, 'YYYY-MM-DD') AS ${c}`);
const money = (c: string) => sql.raw(`s.${c}::int AS ${c}`);
const columns = sql`s.id, s.cycle_id, c.name AS cycle_name, s.account_id, s.number, s.state, s.stage, s.customer_name,
  s.account_number, s.language, s.email, s.service_address, s.account_type, ${day('period_start')}, ${day('period_end')},
  ${day('bill_date')}, ${day('due_date')}, ${money('previous_balance_cents')}, ${money('payments_cents')},
  ${money('adjustments_cents')}, ${money('current_charges_cents')}, ${money('total_due_cents')}, s.issues,
  s.estimated, s.autopay, s.charge_id, s.void_reason, s.issued_at::text AS issued_at`;

/** The status a person sees, from the statement and its ledger charge. */
export function statementStatus(s: StatementRow, charge: ChargeState | undefined): StatementStatus {
  if (s.state !== 'issued') return s.state;
  const paid = charge ? charge.balanceCents === 0 : s.total_due_cents <= 0;
  if (paid) return 'paid';
  if (s.stage !== 'none') return s.stage;
  if (charge && charge.balanceCents < charge.amountCents) return 'partially_paid';
  return 'issued';
}

/** SQL for one derived status, the same rules as statementStatus, for filtering a list. */
function statusFilter(status: StatementStatus): SQL {
  const ledger = chargeStatusOf(sql`s.charge_id`);
  const open = sql`(s.charge_id IS NULL AND s.total_due_cents > 0 OR ${ledger} IN ('pending', 'partially_paid'))`;
  switch (status) {
    case 'draft':
    case 'excluded':
    case 'void':
      return sql`s.state = ${status}`;
    case 'paid':
      return sql`s.state = 'issued' AND NOT ${open}`;
    case 'past_due':
    case 'shutoff_warned':
      return sql`s.state = 'issued' AND s.stage = ${status} AND ${open}`;
    case 'partially_paid':
      return sql`s.state = 'issued' AND s.stage = 'none' AND ${ledger} = 'partially_paid'`;
    case 'issued':
      return sql`s.state = 'issued' AND s.stage = 'none' AND (s.charge_id IS NULL AND s.total_due_cents > 0 OR ${ledger} = 'pending')`;
  }
}

export async function listStatements(tx: Tx, raw: unknown) {
  const query = parseOrThrow(statementListQuery, raw);
  const where: SQL[] = [sql`true`];
  if (query.cycleId) where.push(sql`s.cycle_id = ${query.cycleId}`);
  if (query.accountId) where.push(sql`s.account_id = ${query.accountId}`);
  if (query.status) where.push(statusFilter(query.status));
  if (query.withIssues) where.push(sql`s.state = 'draft' AND s.issues <> '[]'::jsonb`);
  if (query.q) {
    const number = query.q.toUpperCase().replace(/\s+/g, '');
    const digits = normalizeAccountNumber(query.q);
    where.push(
      digits && digits.length === 10
        ? sql`(s.account_number = ${digits} OR s.number = ${number})`
        : sql`s.number = ${number}`,
    );
  }
  const condition = sql.join(where, sql` AND `);
  const rows = await queryRows<StatementRow>(
    tx,
    sql`SELECT ${columns} FROM utility_statements s JOIN billing_cycles c ON c.id = s.cycle_id
        WHERE ${condition}
        ORDER BY s.bill_date DESC, s.number NULLS LAST, s.account_number
        LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  const [count] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM utility_statements s WHERE ${condition}`,
  );
  return { items: await withStatus(tx, rows), total: count!.n };
}

async function withStatus(tx: Tx, rows: StatementRow[]) {
  const charges = await chargeStates(
    tx,
    rows.map((r) => r.charge_id).filter((id): id is string => id !== null),
  );
  return rows.map((r) => {
    const charge = r.charge_id ? charges.get(r.charge_id) : undefined;
    return { ...r, status: statementStatus(r, charge), balanceCents: charge?.balanceCents ?? null };
  });
}

export type StatementMeterRow = {
  serial: string;
  service: string;
  unit: string;
  prior_read: string | null;
  prior_read_on: string | null;
  current_read: string | null;
  current_read_on: string | null;
  consumption: string;
  estimated: boolean;
  rollover: boolean;
};
export type StatementLineRow = {
  service: string;
  kind: string;
  label: { en: string; es: string };
  quantity: string | null;
  rate: string | null;
  amount_cents: string;
};

export async function statementById(tx: Tx, id: string) {
  const [row] = await queryRows<StatementRow>(
    tx,
    sql`SELECT ${columns} FROM utility_statements s JOIN billing_cycles c ON c.id = s.cycle_id WHERE s.id = ${id}`,
  );
  if (!row) return undefined;
  const [withState] = await withStatus(tx, [row]);
  const meters = await queryRows<StatementMeterRow>(
    tx,
    sql`SELECT serial, service, unit, prior_read::text, to_char(prior_read_on, 'YYYY-MM-DD') AS prior_read_on,
          current_read::text, to_char(current_read_on, 'YYYY-MM-DD') AS current_read_on, consumption::text,
          estimated, rollover
        FROM statement_meters WHERE statement_id = ${id} ORDER BY position`,
  );
  const lines = await queryRows<StatementLineRow>(
    tx,
    sql`SELECT service, kind, label, quantity::text, rate, amount_cents::text
        FROM statement_lines WHERE statement_id = ${id} ORDER BY position`,
  );
  return { ...withState!, meters, lines };
}
export type StatementDetail = NonNullable<Awaited<ReturnType<typeof statementById>>>;

export const voidStatementBody = z.object({ reason: z.string().trim().min(1).max(500) });

/** Voids an issued statement: its ledger charge is voided too (refused once anything is paid on it). */
export async function voidStatement(ctx: LedgerContext, id: string, raw: unknown) {
  const { reason } = parseOrThrow(voidStatementBody, raw);
  const [row] = await queryRows<{
    state: string;
    charge_id: string | null;
    account_id: string;
    number: string;
  }>(
    ctx.tx,
    sql`SELECT state, charge_id, account_id, number FROM utility_statements WHERE id = ${id} FOR UPDATE`,
  );
  if (!row) throw notFound();
  if (row.state === 'void') throw new Problem(409, 'statement_already_void');
  if (row.state !== 'issued') throw new Problem(409, 'statement_not_issued');
  if (row.charge_id) await voidCharge(ctx, row.charge_id, { reason });
  await ctx.tx.execute(sql`
    UPDATE utility_statements SET state = 'void', void_reason = ${reason}, voided_at = now(), voided_by = ${ctx.actor.id}
    WHERE id = ${id}`);
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.statementVoided,
    subjectType: 'utility_statement',
    subjectId: id,
    actor: ctx.actor,
    payload: { accountId: row.account_id, statementNumber: row.number, status: 'void', reason },
  });
  return (await statementById(ctx.tx, id))!;
}

/** Leaves a draft out of this run (e.g. a disputed read) or puts it back. */
export async function setExcluded(ctx: LedgerContext, id: string, excluded: boolean) {
  const [row] = await queryRows<{ state: string; account_id: string }>(
    ctx.tx,
    sql`SELECT state, account_id FROM utility_statements WHERE id = ${id} FOR UPDATE`,
  );
  if (!row) throw notFound();
  if (row.state !== 'draft' && row.state !== 'excluded') throw new Problem(409, 'statement_not_draft');
  await ctx.tx.execute(
    sql`UPDATE utility_statements SET state = ${excluded ? 'excluded' : 'draft'} WHERE id = ${id}`,
  );
  await ctx.events.record(ctx.tx, {
    type: excluded ? UtilitiesEvents.statementExcluded : UtilitiesEvents.statementIncluded,
    subjectType: 'utility_statement',
    subjectId: id,
    actor: ctx.actor,
    payload: { accountId: row.account_id },
  });
  return (await statementById(ctx.tx, id))!;
}
