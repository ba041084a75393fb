import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { toPgArray } from '../../../events/bus.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { sourceBalances, sourcePaymentsSince } from '../../payments/index.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';
import { cycleById, type CycleRow } from './cycles.js';
import { listSchedules } from '../rates/index.js';
import { draftsFrom, type AccountRow, type Draft, type MeterUse } from './drafts.js';

/**
 * Step one of a billing run: a draft statement for every account in the cycle, computed from
 * part 1's readings (estimates included) and the rate calculator, with the balance forward
 * from the payments ledger. Drafts that cannot be billed as they are carry `issues` (missing
 * read, open high/low exception, no rate) for staff to resolve — then calculate again — or to
 * exclude. Calculating again replaces every draft of the cycle; issued statements never change.
 *
 * The work is a few set-based reads for the whole cycle, pure rating in memory, and multi-row
 * inserts: a 100,000-account cycle makes tens of statements, not hundreds of thousands.
 */

async function cycleAccounts(tx: Tx, cycle: CycleRow): Promise<AccountRow[]> {
  return queryRows<AccountRow>(
    tx,
    sql`
    SELECT a.id, a.account_number, a.customer_name, a.email, a.language, a.account_type, a.autopay,
      a.street || coalesce(' ' || a.unit, '') || ', ' || a.city || ', ' || a.state || ' ' || a.zip AS address
    FROM utility_accounts a
    WHERE a.status = 'active'
      AND (cardinality(${toPgArray(cycle.routes)}::text[]) = 0 OR a.route = ANY(${toPgArray(cycle.routes)}::text[]))
      AND (cardinality(${toPgArray(cycle.account_types)}::text[]) = 0 OR a.account_type = ANY(${toPgArray(cycle.account_types)}::text[]))
      AND NOT EXISTS (SELECT 1 FROM utility_statements s WHERE s.cycle_id = ${cycle.id} AND s.account_id = a.id
                      AND s.state IN ('issued', 'void'))
    ORDER BY a.account_number`,
  );
}

/**
 * Each meter that served a cycle account: its active meters (even with no read — that is a
 * missing read) and any meter with reads in the window that has since come off (a swap's
 * final read is billed). Use is the sum of the consumption of the reads dated in the window.
 */
async function meterUse(tx: Tx, cycle: CycleRow): Promise<MeterUse[]> {
  return queryRows<MeterUse>(
    tx,
    sql`
    WITH w AS (
      SELECT r.meter_id, r.account_id, sum(r.consumption)::text AS consumption, count(*)::int AS reads,
             bool_or(r.method = 'estimated') AS estimated, bool_or(r.rollover) AS rollover,
             min(r.read_on) AS first_on
      FROM meter_reads r
      WHERE r.read_on BETWEEN ${cycle.read_from} AND ${cycle.read_to} AND r.purpose <> 'initial'
        AND r.account_id IS NOT NULL
      GROUP BY r.meter_id, r.account_id
    ), served AS (
      SELECT meter_id, account_id, consumption, reads, estimated, rollover, first_on FROM w
      UNION ALL
      SELECT m.id, m.account_id, NULL, 0, false, false, NULL FROM meters m
      WHERE m.status = 'active' AND NOT EXISTS (SELECT 1 FROM w WHERE w.meter_id = m.id AND w.account_id = m.account_id)
    ), cur AS (
      SELECT DISTINCT ON (r.meter_id) r.meter_id, r.value, r.read_on FROM meter_reads r
      WHERE r.read_on BETWEEN ${cycle.read_from} AND ${cycle.read_to}
      ORDER BY r.meter_id, r.read_on DESC, (r.purpose = 'final') DESC
    )
    SELECT s.account_id, s.meter_id, m.serial, m.service, m.unit, (m.account_id = s.account_id) AS active,
      s.consumption, s.reads, s.estimated, s.rollover,
      cur.value::text AS current_read, to_char(cur.read_on, 'YYYY-MM-DD') AS current_read_on,
      pri.value::text AS prior_read, to_char(pri.read_on, 'YYYY-MM-DD') AS prior_read_on
    FROM served s JOIN meters m ON m.id = s.meter_id
    LEFT JOIN cur ON cur.meter_id = s.meter_id
    LEFT JOIN LATERAL (
      SELECT r.value, r.read_on FROM meter_reads r
      WHERE r.meter_id = s.meter_id AND r.read_on < coalesce(s.first_on, ${cycle.read_from}::date)
      ORDER BY r.read_on DESC LIMIT 1) pri ON true
    ORDER BY s.account_id, m.service, m.serial`,
  );
}

/**
 * Open exceptions on the readings this cycle bills, per account: unreviewed, they hold a bill.
 * A missing-read exception is not listed here: the meter either has an estimate in the window
 * (billable) or no read at all, which is a missing_read of its own. The serial travels with the
 * issue so staff are told which meter to look at.
 */
async function openExceptions(
  tx: Tx,
  cycle: CycleRow,
): Promise<Map<string, { kind: string; meterId: string; serial: string }[]>> {
  const rows = await queryRows<{ account_id: string; kind: string; meter_id: string; serial: string }>(
    tx,
    sql`SELECT e.account_id, e.kind, e.meter_id, m.serial FROM read_exceptions e
        JOIN meters m ON m.id = e.meter_id
        JOIN meter_reads r ON r.id = e.read_id AND r.read_on BETWEEN ${cycle.read_from} AND ${cycle.read_to}
        WHERE e.status = 'open' AND e.kind <> 'missing' AND e.account_id IS NOT NULL`,
  );
  const out = new Map<string, { kind: string; meterId: string; serial: string }[]>();
  for (const r of rows) {
    const list = out.get(r.account_id) ?? [];
    list.push({ kind: r.kind, meterId: r.meter_id, serial: r.serial });
    out.set(r.account_id, list);
  }
  return out;
}

/** The latest statement issued to each account before this cycle: what it said was due. */
async function previousStatements(tx: Tx, cycleId: string) {
  const rows = await queryRows<{ account_id: string; total_due_cents: string; calculated_at: string }>(
    tx,
    sql`
    SELECT DISTINCT ON (account_id) account_id, total_due_cents::text AS total_due_cents, calculated_at::text AS calculated_at
    FROM utility_statements WHERE state = 'issued' AND cycle_id <> ${cycleId}
    ORDER BY account_id, bill_date DESC, calculated_at DESC`,
  );
  return new Map(
    rows.map((r) => [r.account_id, { totalDue: Number(r.total_due_cents), at: r.calculated_at }]),
  );
}

const CHUNK = 5_000;
const arr = (values: (string | number | boolean | null)[]) =>
  toPgArray(values.map((v) => (v === null ? '' : String(v))));

export type CalculationSummary = {
  statements: number;
  withIssues: number;
  excluded: number;
  currentChargesCents: number;
};

/** Calculates (or recalculates) the cycle's drafts. Staff's exclusions survive a recalculation. */
export async function calculateCycle(ctx: UtilityContext, cycleId: string): Promise<CalculationSummary> {
  const { tx } = ctx;
  const [locked] = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM billing_cycles WHERE id = ${cycleId} FOR UPDATE`,
  );
  if (!locked) throw notFound();
  const cycle = (await cycleById(tx, cycleId))!;
  if (cycle.status === 'issuing' || cycle.status === 'issued') throw new Problem(409, 'cycle_already_issued');

  const excluded = new Set(
    (
      await queryRows<{ account_id: string }>(
        tx,
        sql`SELECT account_id FROM utility_statements WHERE cycle_id = ${cycleId} AND state = 'excluded'`,
      )
    ).map((r) => r.account_id),
  );
  await tx.execute(
    sql`DELETE FROM utility_statements WHERE cycle_id = ${cycleId} AND state IN ('draft', 'excluded')`,
  );

  const [accounts, uses, exceptions, schedules, previous, balances] = [
    await cycleAccounts(tx, cycle),
    await meterUse(tx, cycle),
    await openExceptions(tx, cycle),
    await listSchedules(tx),
    await previousStatements(tx, cycleId),
    await sourceBalances(tx, 'utilities'),
  ];
  const inCycle = new Set(accounts.map((a) => a.id));
  const drafts = draftsFrom(
    accounts,
    uses.filter((u) => inCycle.has(u.account_id)),
    exceptions,
    schedules,
    cycle.period_end,
  );
  const paidSince = await sourcePaymentsSince(
    tx,
    'utilities',
    accounts
      .filter((a) => previous.has(a.id))
      .map((a) => ({ sourceId: a.id, after: previous.get(a.id)!.at })),
  );

  let withIssues = 0;
  let total = 0;
  for (let i = 0; i < accounts.length; i += CHUNK) {
    const chunk = accounts.slice(i, i + CHUNK);
    const rows = chunk.map((a, j) => {
      const draft = drafts[i + j]!;
      const forward = balances.get(a.id)?.balanceCents ?? 0;
      const prev = previous.get(a.id);
      // First statement on CiVQ: the balance carried over is the previous balance.
      const previousBalance = prev ? prev.totalDue : forward;
      const payments = prev ? (paidSince.get(a.id) ?? 0) : 0;
      const adjustments = forward - previousBalance + payments;
      if (draft.issues.length > 0 && !excluded.has(a.id)) withIssues++;
      total += draft.currentChargesCents;
      return {
        a,
        draft,
        previousBalance,
        payments,
        adjustments,
        totalDue: forward + draft.currentChargesCents,
      };
    });
    const ids = await queryRows<{ id: string; account_id: string }>(
      tx,
      sql`
      INSERT INTO utility_statements (cycle_id, account_id, state, customer_name, account_number, language, email,
        service_address, account_type, period_start, period_end, bill_date, due_date, previous_balance_cents,
        payments_cents, adjustments_cents, current_charges_cents, total_due_cents, issues, estimated, autopay)
      SELECT ${cycleId}, aid::uuid, st, cname, anum, lang, nullif(email, ''), addr, atype, ${cycle.period_start},
        ${cycle.period_end}, ${cycle.bill_date}, ${cycle.due_date}, prev::bigint, paid::bigint, adj::bigint,
        cur::bigint, due::bigint, iss::jsonb, est::boolean, auto::boolean
      FROM unnest(${arr(rows.map((r) => r.a.id))}::text[],
        ${arr(rows.map((r) => (excluded.has(r.a.id) ? 'excluded' : 'draft')))}::text[],
        ${arr(rows.map((r) => r.a.customer_name))}::text[], ${arr(rows.map((r) => r.a.account_number))}::text[],
        ${arr(rows.map((r) => r.a.language))}::text[], ${arr(rows.map((r) => r.a.email))}::text[],
        ${arr(rows.map((r) => r.a.address))}::text[], ${arr(rows.map((r) => r.a.account_type))}::text[],
        ${arr(rows.map((r) => r.previousBalance))}::text[], ${arr(rows.map((r) => r.payments))}::text[],
        ${arr(rows.map((r) => r.adjustments))}::text[], ${arr(rows.map((r) => r.draft.currentChargesCents))}::text[],
        ${arr(rows.map((r) => r.totalDue))}::text[], ${arr(rows.map((r) => JSON.stringify(r.draft.issues)))}::text[],
        ${arr(rows.map((r) => r.draft.estimated))}::text[], ${arr(rows.map((r) => r.a.autopay))}::text[])
        AS u(aid, st, cname, anum, lang, email, addr, atype, prev, paid, adj, cur, due, iss, est, auto)
      RETURNING id, account_id`,
    );
    const statementOf = new Map(ids.map((r) => [r.account_id, r.id]));
    await insertDetails(
      tx,
      rows.map((r) => ({ statementId: statementOf.get(r.a.id)!, draft: r.draft })),
    );
  }
  await tx.execute(
    sql`UPDATE billing_cycles SET status = 'calculated', calculated_at = now() WHERE id = ${cycleId}`,
  );
  const summary = {
    statements: accounts.length,
    withIssues,
    excluded: excluded.size,
    currentChargesCents: total,
  };
  await ctx.events.record(tx, {
    type: UtilitiesEvents.cycleCalculated,
    subjectType: 'billing_cycle',
    subjectId: cycleId,
    actor: ctx.actor,
    payload: summary,
  });
  return summary;
}

async function insertDetails(tx: Tx, rows: { statementId: string; draft: Draft }[]) {
  const meters = rows.flatMap((r) => r.draft.meters.map((m, i) => ({ id: r.statementId, i, m })));
  if (meters.length > 0) {
    await tx.execute(sql`
      INSERT INTO statement_meters (statement_id, position, meter_id, serial, service, unit, prior_read, prior_read_on,
        current_read, current_read_on, consumption, estimated, rollover)
      SELECT sid::uuid, pos::int, mid::uuid, serial, service, unit, nullif(pr, '')::bigint, nullif(pro, '')::date,
        nullif(cr, '')::bigint, nullif(cro, '')::date, use::bigint, est::boolean, roll::boolean
      FROM unnest(${arr(meters.map((x) => x.id))}::text[], ${arr(meters.map((x) => x.i))}::text[],
        ${arr(meters.map((x) => x.m.meterId))}::text[], ${arr(meters.map((x) => x.m.serial))}::text[],
        ${arr(meters.map((x) => x.m.service))}::text[], ${arr(meters.map((x) => x.m.unit))}::text[],
        ${arr(meters.map((x) => x.m.priorRead))}::text[], ${arr(meters.map((x) => x.m.priorReadOn))}::text[],
        ${arr(meters.map((x) => x.m.currentRead))}::text[], ${arr(meters.map((x) => x.m.currentReadOn))}::text[],
        ${arr(meters.map((x) => x.m.consumption))}::text[], ${arr(meters.map((x) => x.m.estimated))}::text[],
        ${arr(meters.map((x) => x.m.rollover))}::text[])
        AS u(sid, pos, mid, serial, service, unit, pr, pro, cr, cro, use, est, roll)`);
  }
  const lines = rows.flatMap((r) => r.draft.lines.map((l, i) => ({ id: r.statementId, i, l })));
  if (lines.length > 0) {
    await tx.execute(sql`
      INSERT INTO statement_lines (statement_id, position, service, kind, label, quantity, rate, amount_cents)
      SELECT sid::uuid, pos::int, service, kind, jsonb_build_object('en', en, 'es', es), nullif(qty, '')::bigint,
        nullif(rate, ''), amount::bigint
      FROM unnest(${arr(lines.map((x) => x.id))}::text[], ${arr(lines.map((x) => x.i))}::text[],
        ${arr(lines.map((x) => x.l.service))}::text[], ${arr(lines.map((x) => x.l.kind))}::text[],
        ${arr(lines.map((x) => x.l.label.en))}::text[], ${arr(lines.map((x) => x.l.label.es))}::text[],
        ${arr(lines.map((x) => x.l.quantity))}::text[], ${arr(lines.map((x) => x.l.rate))}::text[],
        ${arr(lines.map((x) => x.l.amountCents))}::text[])
        AS u(sid, pos, service, kind, en, es, qty, rate, amount)`);
  }
}
