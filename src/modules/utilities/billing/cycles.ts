import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { toPgArray } from '../../../events/bus.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';

/**
 * Billing cycles: which accounts a run bills (routes/books and account types), the service
 * period, the read window whose readings it bills, and the bill, due and penalty dates.
 */

const code = z.string().trim().min(1).max(40);
export const cycleBody = z
  .object({
    /** e.g. "Cycle 1 — November 2026". */
    name: z.string().trim().min(1).max(120),
    /** Routes/books billed by this cycle; empty = every route. */
    routes: z.array(code).max(50).default([]),
    /** Account types billed by this cycle; empty = every type. */
    accountTypes: z.array(code).max(20).default([]),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    /** Readings dated in this window are billed. */
    readFrom: z.iso.date(),
    readTo: z.iso.date(),
    billDate: z.iso.date(),
    dueDate: z.iso.date(),
    /** Unpaid statements are past due (and get the late fee) after this date. */
    penaltyDate: z.iso.date(),
  })
  .superRefine((b, ctx) => {
    const order = (a: string, later: string, path: string) => {
      if (a > later) ctx.addIssue({ code: 'custom', path: [path], message: 'date_order' });
    };
    order(b.periodStart, b.periodEnd, 'periodEnd');
    order(b.readFrom, b.readTo, 'readTo');
    order(b.billDate, b.dueDate, 'dueDate');
    order(b.dueDate, b.penaltyDate, 'penaltyDate');
  });
export type CycleInput = z.input<typeof cycleBody>;

export type CycleRow = {
  id: string;
  seq: number;
  name: string;
  routes: string[];
  account_types: string[];
  period_start: string;
  period_end: string;
  read_from: string;
  read_to: string;
  bill_date: string;
  due_date: string;
  penalty_date: string;
  status: 'open' | 'calculated' | 'issuing' | 'issued';
  calculated_at: string | null;
  issued_at: string | null;
  created_at: string;
};

const d = (c: string) => sql.raw(`to_char(c.${c}, 'YYYY-MM-DD') AS ${c}`);
const cycleColumns = sql`c.id, c.seq, c.name, c.routes, c.account_types, ${d('period_start')}, ${d('period_end')},
  ${d('read_from')}, ${d('read_to')}, ${d('bill_date')}, ${d('due_date')}, ${d('penalty_date')}, c.status,
  c.calculated_at::text AS calculated_at, c.issued_at::text AS issued_at, c.created_at::text AS created_at`;

export async function cycleById(tx: Tx, id: string): Promise<CycleRow | undefined> {
  const [row] = await queryRows<CycleRow>(
    tx,
    sql`SELECT ${cycleColumns} FROM billing_cycles c WHERE c.id = ${id}`,
  );
  return row;
}

export async function listCycles(tx: Tx): Promise<CycleRow[]> {
  return queryRows<CycleRow>(
    tx,
    sql`SELECT ${cycleColumns} FROM billing_cycles c ORDER BY c.bill_date DESC, c.seq DESC`,
  );
}

export async function createCycle(ctx: UtilityContext, raw: CycleInput): Promise<CycleRow> {
  const input = parseOrThrow(cycleBody, raw);
  // Cycles are created by hand, rarely: a lock on the tenant's counter keeps seq gap-free.
  await ctx.tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(civq_current_tenant()::text || ':billing_cycles', 0))`,
  );
  const [row] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`
    INSERT INTO billing_cycles (seq, name, routes, account_types, period_start, period_end, read_from, read_to,
      bill_date, due_date, penalty_date, created_by)
    VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM billing_cycles), ${input.name}, ${toPgArray(input.routes)}::text[],
      ${toPgArray(input.accountTypes)}::text[], ${input.periodStart}, ${input.periodEnd}, ${input.readFrom}, ${input.readTo},
      ${input.billDate}, ${input.dueDate}, ${input.penaltyDate}, ${ctx.actor.id})
    RETURNING id`,
  );
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.cycleCreated,
    subjectType: 'billing_cycle',
    subjectId: row!.id,
    actor: ctx.actor,
    payload: { name: input.name, billDate: input.billDate },
  });
  return (await cycleById(ctx.tx, row!.id))!;
}

/** Dates and selection of a cycle that has issued nothing yet can still change. */
export async function updateCycle(ctx: UtilityContext, id: string, raw: CycleInput): Promise<CycleRow> {
  const input = parseOrThrow(cycleBody, raw);
  const cycle = await cycleById(ctx.tx, id);
  if (!cycle) throw notFound();
  if (cycle.status === 'issuing' || cycle.status === 'issued') throw new Problem(409, 'cycle_already_issued');
  await ctx.tx.execute(sql`
    UPDATE billing_cycles SET name = ${input.name}, routes = ${toPgArray(input.routes)}::text[],
      account_types = ${toPgArray(input.accountTypes)}::text[], period_start = ${input.periodStart},
      period_end = ${input.periodEnd}, read_from = ${input.readFrom}, read_to = ${input.readTo},
      bill_date = ${input.billDate}, due_date = ${input.dueDate}, penalty_date = ${input.penaltyDate}
    WHERE id = ${id}`);
  return (await cycleById(ctx.tx, id))!;
}

/** Adds months to an ISO date, keeping month-end dates at month end (Jan 31 → Feb 28). */
export function addMonths(iso: string, months: number): string {
  const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
  const lastOf = (yy: number, mm: number) => new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const wasMonthEnd = day === lastOf(y, m - 1);
  const last = lastOf(target.getUTCFullYear(), target.getUTCMonth());
  target.setUTCDate(wasMonthEnd ? last : Math.min(day, last));
  return target.toISOString().slice(0, 10);
}

/**
 * The monthly schedule: the next cycle after `id` — same accounts, every date one month later,
 * and the name's month and year moved along when the name carries them. Not saved.
 */
export function proposeNextCycle(cycle: CycleRow, lang: 'en' | 'es' = 'en'): z.output<typeof cycleBody> {
  const next = (iso: string) => addMonths(iso, 1);
  const monthName = (iso: string, l: 'en' | 'es') =>
    new Date(`${iso}T12:00:00Z`).toLocaleDateString(l === 'es' ? 'es-US' : 'en-US', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  let name = cycle.name;
  for (const l of ['en', 'es'] as const) {
    const old = monthName(cycle.period_start, l);
    if (name.includes(old)) name = name.replace(old, monthName(next(cycle.period_start), l));
  }
  if (name === cycle.name) name = `${cycle.name} — ${monthName(next(cycle.period_start), lang)}`;
  return {
    name: name.slice(0, 120),
    routes: cycle.routes,
    accountTypes: cycle.account_types,
    periodStart: next(cycle.period_start),
    periodEnd: next(cycle.period_end),
    readFrom: next(cycle.read_from),
    readTo: next(cycle.read_to),
    billDate: next(cycle.bill_date),
    dueDate: next(cycle.due_date),
    penaltyDate: next(cycle.penalty_date),
  };
}

/** The progress figures of a cycle's run, in one pass over its statements. */
export async function cycleRunCounts(tx: Tx, id: string) {
  const [n] = await queryRows<{
    drafts: number;
    with_issues: number;
    excluded: number;
    issued: number;
    charges: number;
  }>(
    tx,
    sql`
      SELECT count(*) FILTER (WHERE state = 'draft')::int AS drafts,
             count(*) FILTER (WHERE state = 'draft' AND issues <> '[]'::jsonb)::int AS with_issues,
             count(*) FILTER (WHERE state = 'excluded')::int AS excluded,
             count(*) FILTER (WHERE state IN ('issued', 'void'))::int AS issued,
             coalesce(sum(current_charges_cents) FILTER (WHERE state IN ('draft', 'issued')), 0)::int AS charges
      FROM utility_statements WHERE cycle_id = ${id}`,
  );
  return {
    drafts: n!.drafts,
    withIssues: n!.with_issues,
    excluded: n!.excluded,
    issued: n!.issued,
    currentChargesCents: n!.charges,
  };
}
