import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { groupAccountNumber } from '../../../lib/codes.js';
import { largestSourceBalances, sourceMonthlyFigures, sourceOutstanding } from '../../payments/index.js';
import { addMonths } from './cycles.js';
import { listStatements } from './statements.js';

/**
 * The Utility Billing home (/dashboard/utilities): money figures come from the payments ledger
 * (source module 'utilities'), so they agree with it to the cent; counts come from utilities'
 * own tables. Months are calendar months in UTC, the last twelve up to today's.
 */
const MODULE = 'utilities';
const MONTHS = 12;
const LARGEST = 10;

const month = z.object({
  /** YYYY-MM. */
  month: z.string(),
  /** Charges posted for utility accounts that month (void ones left out). */
  billedCents: z.number().int(),
  /** Completed payments to utility accounts received that month. */
  collectedCents: z.number().int(),
});

export const dashboardView = z.object({
  /** The day the figures were computed for (YYYY-MM-DD, UTC). */
  asOf: z.string(),
  /** Σ collected over the months shown: the revenue card. */
  collectedCents: z.number().int(),
  /** Σ billed over the months shown. */
  billedCents: z.number().int(),
  /** Σ every account's balance (owed − credit), from the ledger. */
  outstandingCents: z.number().int(),
  /** Σ what charges still owe, before credits. */
  owedCents: z.number().int(),
  /** Σ unapplied credit customers hold. */
  creditCents: z.number().int(),
  accounts: z.object({
    total: z.number().int(),
    active: z.number().int(),
    /** Accounts with a balance due. */
    owing: z.number().int(),
  }),
  /** Delinquent statements = past due + shutoff-warned (unpaid). */
  delinquent: z.object({
    total: z.number().int(),
    pastDue: z.number().int(),
    shutoffWarned: z.number().int(),
  }),
  /** Oldest first, every month present. */
  months: z.array(month),
  /** The accounts owing the most, largest first. */
  largestBalances: z.array(
    z.object({
      accountId: z.uuid(),
      accountNumber: z.string(),
      accountNumberDisplay: z.string(),
      customerName: z.string(),
      status: z.enum(['active', 'inactive', 'closed']),
      balanceCents: z.number().int(),
    }),
  ),
});
export type UtilityDashboard = z.infer<typeof dashboardView>;

/** The dashboard's figures as of `today` (YYYY-MM-DD). */
export async function utilityDashboard(tx: Tx, today: string): Promise<UtilityDashboard> {
  const lastMonth = today.slice(0, 7);
  const firstMonth = addMonths(`${lastMonth}-01`, -(MONTHS - 1)).slice(0, 7);
  const months = await sourceMonthlyFigures(tx, MODULE, firstMonth, lastMonth);
  const outstanding = await sourceOutstanding(tx, MODULE);
  const largest = await largestSourceBalances(tx, MODULE, LARGEST);
  const [counts] = await queryRows<{ total: number; active: number }>(
    tx,
    sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'active')::int AS active FROM utility_accounts`,
  );
  // The statements' own status rules (paid ones are not delinquent), as the statement list filters.
  const delinquent = async (status: 'past_due' | 'shutoff_warned') =>
    (await listStatements(tx, { status, limit: 1 })).total;
  const pastDue = await delinquent('past_due');
  const shutoffWarned = await delinquent('shutoff_warned');
  const ids = largest.map((l) => l.sourceId);
  const accounts =
    ids.length === 0
      ? []
      : await queryRows<{ id: string; account_number: string; customer_name: string; status: string }>(
          tx,
          sql`SELECT id::text AS id, account_number, customer_name, status FROM utility_accounts
              WHERE id::text IN (${sql.join(
                ids.map((id) => sql`${id}`),
                sql`, `,
              )})`,
        );
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const sum = (key: 'billedCents' | 'collectedCents') => months.reduce((s, m) => s + m[key], 0);
  return {
    asOf: today,
    collectedCents: sum('collectedCents'),
    billedCents: sum('billedCents'),
    outstandingCents: outstanding.balanceCents,
    owedCents: outstanding.owedCents,
    creditCents: outstanding.creditCents,
    accounts: { total: counts!.total, active: counts!.active, owing: outstanding.sourcesOwing },
    delinquent: { total: pastDue + shutoffWarned, pastDue, shutoffWarned },
    months,
    largestBalances: largest.flatMap((l) => {
      const a = byId.get(l.sourceId);
      return a
        ? [
            {
              accountId: a.id,
              accountNumber: a.account_number,
              accountNumberDisplay: groupAccountNumber(a.account_number),
              customerName: a.customer_name,
              status: a.status as 'active' | 'inactive' | 'closed',
              balanceCents: l.balanceCents,
            },
          ]
        : [];
    }),
  };
}
