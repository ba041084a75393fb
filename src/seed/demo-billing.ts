import { sql } from 'drizzle-orm';
import { queryRows } from '../db/rows.js';
import { withTenant } from '../db/tenant-context.js';
import type { Actor } from '../events/types.js';
import { recordPayment, type LedgerContext } from '../modules/payments/index.js';
import type { Tenant } from '../modules/tenancy/index.js';
import { calculateCycle, createCycle, issueCycle, setExcluded } from '../modules/utilities/index.js';
import type { Platform } from '../server/platform.js';
import { addDays, monthStart } from './dates.js';

/**
 * A year of billing at Esperanza's utility office, run through the billing module itself:
 * twelve monthly cycles calculated and issued (each read on the 1st bills the month before),
 * customers paying at the counter — most in full before the due date, some late, a few in
 * part, one household that overpays — and this month's cycle calculated and waiting, with
 * its exceptions, for staff to review and issue.
 */
const MONTH = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedDemoBilling(
  platform: Platform,
  tenant: Tenant,
  staff: { adminId: string; clerkId: string },
): Promise<void> {
  const random = rng(20_261_201);
  const today = new Date().toISOString().slice(0, 10);
  const recent = addDays(today, -30);
  const clerk: Actor = { type: 'staff', id: staff.clerkId };
  const step = <T>(actor: Actor, fn: (ctx: LedgerContext) => Promise<T>) =>
    withTenant(platform.db, tenant.id, (tx) =>
      fn({ tx, events: platform.events, communications: platform.communications, actor }),
    );

  // Service month `back` months ago, read on the 1st of the month after it.
  for (let back = 13; back >= 1; back--) {
    const periodStart = monthStart(back);
    const readOn = monthStart(back - 1);
    const billDate = addDays(readOn, 2);
    const dueDate = addDays(billDate, 20);
    const month = new Date(`${periodStart}T12:00:00Z`);
    const cycle = await step(clerk, (ctx) =>
      createCycle(ctx, {
        name: `Cycle 1 — ${MONTH.en[month.getUTCMonth()]} ${month.getUTCFullYear()}`,
        periodStart,
        periodEnd: addDays(readOn, -1),
        readFrom: readOn,
        readTo: readOn,
        billDate,
        dueDate,
        penaltyDate: addDays(dueDate, 5),
      }),
    );
    await step(clerk, (ctx) => calculateCycle(ctx, cycle.id));
    if (back === 1) break; // this month's run waits for staff, exceptions and all
    // A year ago the office left out the drafts it could not bill (none, usually).
    const held = await step(clerk, ({ tx }) =>
      queryRows<{ id: string }>(
        tx,
        sql`SELECT id FROM utility_statements WHERE cycle_id = ${cycle.id} AND state = 'draft' AND issues <> '[]'::jsonb`,
      ),
    );
    for (const h of held) await step(clerk, (ctx) => setExcluded(ctx, h.id, true));
    await issueCycle(platform, tenant.id, clerk, cycle.id);
    await payCycle(cycle.id, dueDate, back);
    // The embedded database has no autovacuum: fresh statistics keep a growing ledger's plans sane.
    await platform.db.rawQuery('ANALYZE');
  }

  /** Counter payments for one cycle: most on time and in full; the last cycles not all yet. */
  async function payCycle(cycleId: string, dueDate: string, back: number) {
    const statements = await step(clerk, ({ tx }) =>
      queryRows<{
        account_id: string;
        total_due_cents: number;
        customer_name: string;
        language: 'en' | 'es';
      }>(
        tx,
        sql`SELECT account_id, total_due_cents::int, customer_name, language FROM utility_statements
            WHERE cycle_id = ${cycleId} AND state = 'issued' ORDER BY account_number`,
      ),
    );
    await step(clerk, async (ctx) => {
      for (const [i, s] of statements.entries()) {
        const r = random();
        // Habitual late payers and a few who stopped paying make the delinquency list.
        if (i % 23 === 5 && back <= 3) continue;
        if (back === 2 && r < 0.3) continue; // last month's bills: not everyone has paid yet
        const owed = Math.max(0, s.total_due_cents);
        if (owed === 0) continue;
        const late = r > 0.9;
        const amount =
          i % 41 === 9 ? Math.round(owed / 2) : i === 17 ? owed + 2_500 /* overpays: credit */ : owed;
        const receivedOn = addDays(dueDate, late ? 6 + Math.floor(r * 10) : -1 - Math.floor(r * 12));
        if (receivedOn > today) continue;
        await recordPayment(ctx, {
          // Receipts for last year's payments went out long ago (from the old system): only
          // the last month's payments queue a receipt email now.
          ...(receivedOn < recent && { payer: { name: s.customer_name, email: null, language: s.language } }),
          method: i % 3 === 0 ? 'check' : 'cash',
          ...(i % 3 === 0 && { checkNumber: String(1_000 + ((i * 37 + back) % 9_000)) }),
          amountCents: amount,
          receivedOn,
          source: { module: 'utilities', id: s.account_id },
        });
      }
    });
  }
}
