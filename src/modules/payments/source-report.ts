import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';

/**
 * Figures of one module's sources (e.g. every utility account) for that module's dashboard,
 * computed from the ledger with the same arithmetic as everywhere else, so they agree with it
 * to the cent:
 *   billed(month)    = Σ charges of the module's sources created that month (UTC), void ones left out;
 *   collected(month) = Σ completed payments to them received that month (a returned check is
 *                      taken back out, as in the ledger's Collected KPI);
 *   balance(source)  = what its charges still owe − the unapplied credit its payments hold.
 */

/** Balance per source of `module`: owed − credit, with both parts. */
const balances = (module: string) => sql`
  owed AS (
    SELECT c.source_id, sum(c.amount_cents - coalesce(al.allocated, 0)) AS owed
    FROM charges c
    LEFT JOIN (SELECT a.charge_id, sum(a.amount_cents) AS allocated
               FROM allocations a JOIN payments p ON p.id = a.payment_id AND p.status = 'completed'
               GROUP BY a.charge_id) al ON al.charge_id = c.id
    WHERE c.source_module = ${module} AND c.status <> 'void'
    GROUP BY c.source_id
  ), credit AS (
    SELECT p.source_id, sum(p.amount_cents - coalesce(al.allocated, 0) - coalesce(rf.refunded, 0)) AS credit
    FROM payments p
    LEFT JOIN (SELECT payment_id, sum(amount_cents) AS allocated FROM allocations GROUP BY payment_id) al
      ON al.payment_id = p.id
    LEFT JOIN (SELECT payment_id, sum(amount_cents) AS refunded FROM refunds WHERE charge_id IS NULL
               GROUP BY payment_id) rf ON rf.payment_id = p.id
    WHERE p.source_module = ${module} AND p.status = 'completed'
    GROUP BY p.source_id
  ), balance AS (
    SELECT source_id, coalesce(owed.owed, 0) AS owed, coalesce(credit.credit, 0) AS credit,
           coalesce(owed.owed, 0) - coalesce(credit.credit, 0) AS balance
    FROM owed FULL JOIN credit USING (source_id)
  )`;

export type SourceMonth = { month: string; billedCents: number; collectedCents: number };

/**
 * Billed and collected for each calendar month from `firstMonth` (YYYY-MM) through `lastMonth`
 * (YYYY-MM), every month present (zero when nothing happened).
 */
export async function sourceMonthlyFigures(
  tx: Tx,
  module: string,
  firstMonth: string,
  lastMonth: string,
): Promise<SourceMonth[]> {
  const from = `${firstMonth}-01`;
  const last = `${lastMonth}-01`;
  const rows = await queryRows<{ month: string; billed: string; collected: string }>(
    tx,
    sql`
    WITH months AS (
      SELECT to_char(d, 'YYYY-MM') AS month
      FROM generate_series(${from}::date, ${last}::date, interval '1 month') AS d
    ), billed AS (
      SELECT to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, sum(c.amount_cents) AS cents
      FROM charges c
      WHERE c.source_module = ${module} AND c.status <> 'void'
        AND (c.created_at AT TIME ZONE 'UTC') >= ${from}::date
        AND (c.created_at AT TIME ZONE 'UTC') < (${last}::date + interval '1 month')
      GROUP BY 1
    ), collected AS (
      SELECT to_char(p.received_on, 'YYYY-MM') AS month, sum(p.amount_cents) AS cents
      FROM payments p
      WHERE p.source_module = ${module} AND p.status = 'completed'
        AND p.received_on >= ${from}::date AND p.received_on < (${last}::date + interval '1 month')
      GROUP BY 1
    )
    SELECT months.month, coalesce(billed.cents, 0)::text AS billed, coalesce(collected.cents, 0)::text AS collected
    FROM months LEFT JOIN billed USING (month) LEFT JOIN collected USING (month)
    ORDER BY months.month`,
  );
  return rows.map((r) => ({
    month: r.month,
    billedCents: Number(r.billed),
    collectedCents: Number(r.collected),
  }));
}

export type SourceOutstanding = {
  /** Σ balances: what is owed net of credits (the figure that matches every account's balance). */
  balanceCents: number;
  /** Σ what charges still owe, before credits. */
  owedCents: number;
  /** Σ unapplied credit held by the module's sources. */
  creditCents: number;
  /** Sources with a balance due (> 0). */
  sourcesOwing: number;
};

export async function sourceOutstanding(tx: Tx, module: string): Promise<SourceOutstanding> {
  const [row] = await queryRows<{ balance: string; owed: string; credit: string; owing: number }>(
    tx,
    sql`WITH ${balances(module)}
        SELECT coalesce(sum(balance), 0)::text AS balance, coalesce(sum(owed), 0)::text AS owed,
               coalesce(sum(credit), 0)::text AS credit, count(*) FILTER (WHERE balance > 0)::int AS owing
        FROM balance`,
  );
  return {
    balanceCents: Number(row!.balance),
    owedCents: Number(row!.owed),
    creditCents: Number(row!.credit),
    sourcesOwing: row!.owing,
  };
}

/** The sources owing the most, largest balance first (ties by id, so the order is stable). The
 * output column is not named balance: ORDER BY would then sort its text. */
export async function largestSourceBalances(
  tx: Tx,
  module: string,
  limit: number,
): Promise<{ sourceId: string; balanceCents: number }[]> {
  const rows = await queryRows<{ source_id: string; amount: string }>(
    tx,
    sql`WITH ${balances(module)}
        SELECT source_id, balance::text AS amount FROM balance WHERE balance > 0
        ORDER BY balance DESC, source_id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ sourceId: r.source_id, balanceCents: Number(r.amount) }));
}
