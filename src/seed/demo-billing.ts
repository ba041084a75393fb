import { sql } from 'drizzle-orm';
import { queryRows } from '../db/rows.js';
import { withTenant } from '../db/tenant-context.js';
import { SYSTEM_ACTOR, type Actor } from '../events/types.js';
import { createSealer } from '../lib/sealed.js';
import { recordSourcePayments, type BulkPayment, type LedgerContext } from '../modules/payments/index.js';
import type { Tenant } from '../modules/tenancy/index.js';
import {
  calculateCycle,
  createCycle,
  issueCycle,
  resolveException,
  runDelinquency,
  setExcluded,
} from '../modules/utilities/index.js';
import { BANK_DETAILS_PURPOSE } from '../modules/utilities/index.js';
import { createAchFile, recordReturn, settleAchFile } from '../modules/utilities/index.js';
import type { Platform } from '../kernel/platform.js';
import { Problem } from '../kernel/problem.js';
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

const GROWING = [
  'charges',
  'payments',
  'allocations',
  'utility_statements',
  'statement_meters',
  'statement_lines',
  'meter_reads',
  'autopay_entries',
  'domain_events',
  'event_deliveries',
  'messages',
];

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
  const recent = addDays(today, -10);
  const sealer = createSealer(
    [platform.config.secret, ...platform.config.previousSecrets],
    BANK_DETAILS_PURPOSE,
  );

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
    // The office reviewed each month's exceptions (accepted the readings) before issuing.
    const open = await step(clerk, ({ tx }) =>
      queryRows<{ id: string }>(
        tx,
        sql`SELECT e.id FROM read_exceptions e JOIN meter_reads r ON r.id = e.read_id
            WHERE e.status = 'open' AND r.read_on = ${readOn}`,
      ),
    );
    if (open.length > 0) {
      await step(clerk, async (ctx) => {
        for (const e of open) await resolveException(ctx, e.id, { action: 'accept', note: 'Reviewed' });
      });
      await step(clerk, (ctx) => calculateCycle(ctx, cycle.id));
    }
    const held = await step(clerk, ({ tx }) =>
      queryRows<{ id: string }>(
        tx,
        sql`SELECT id FROM utility_statements WHERE cycle_id = ${cycle.id} AND state = 'draft' AND issues <> '[]'::jsonb`,
      ),
    );
    for (const h of held) await step(clerk, (ctx) => setExcluded(ctx, h.id, true));
    // The year's bills, as if moved from the old system (customers got them back then): no
    // notices now, and each ledger charge dated on its bill date, so the revenue chart shows the year.
    await issueCycle(platform, tenant.id, SYSTEM_ACTOR, cycle.id, { imported: true });
    await draftAutopay(addDays(billDate, 3), back, SYSTEM_ACTOR);
    await payCycle(cycle.id, dueDate, back);
    // The embedded database has no autovacuum: fresh statistics keep a growing ledger's plans
    // sane. Only the tables the year makes grow; the rest stay as small as they started.
    await platform.db.rawQuery(`ANALYZE ${GROWING.join(', ')}`);
  }
  // Today's collections run, as the daily job would: late fees and shutoff warnings.
  await runDelinquency(platform, tenant.id, SYSTEM_ACTOR, today);

  /** The cycle's bank drafts go to the bank in one ACH file, which settles; once, a draft comes back. */
  async function draftAutopay(sentOn: string, back: number, actor: Actor) {
    const file = await step(actor, (ctx) =>
      createAchFile({ ...ctx, sealer, entityName: tenant.name.en }, { at: new Date(`${sentOn}T15:00:00Z`) }),
    ).catch((err: unknown) => {
      if (err instanceof Problem && err.code === 'ach_nothing_to_send') return null;
      throw err;
    });
    if (!file) return;
    await step(actor, async (ctx) => {
      const files = { ...ctx, sealer, entityName: tenant.name.en };
      await settleAchFile(files, file.id, { settledOn: addDays(sentOn, 2) });
      if (back !== 3) return;
      const [entry] = await queryRows<{ id: string }>(
        ctx.tx,
        sql`SELECT id FROM autopay_entries WHERE file_id = ${file.id} AND kind = 'debit' ORDER BY id LIMIT 1`,
      );
      if (entry) await recordReturn(files, entry.id, { code: 'R01', returnedOn: addDays(sentOn, 4) });
    });
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
            WHERE cycle_id = ${cycleId} AND state = 'issued' AND NOT autopay ORDER BY account_number`,
      ),
    );
    const payments: BulkPayment[] = [];
    for (const [i, s] of statements.entries()) {
      const r = random();
      // Habitual late payers and a few who stopped paying make the delinquency list.
      if (i % 23 === 5 && back <= 3) continue;
      // Last month's bills: not everyone has paid yet; a few come to the counter today.
      if (back === 2 && r < 0.3 && r >= 0.06) continue;
      const owed = Math.max(0, s.total_due_cents);
      if (owed === 0) continue;
      const late = r > 0.9;
      const amount =
        i % 41 === 9 ? Math.round(owed / 2) : i === 17 ? owed + 2_500 /* overpays: credit */ : owed;
      const receivedOn =
        back === 2 && r < 0.06
          ? today
          : addDays(dueDate, late ? 6 + Math.floor(r * 10) : -1 - Math.floor(r * 12));
      if (receivedOn > today) continue;
      payments.push({
        // Older payments arrive with the imported history; the last days' were taken by the clerk.
        actor: receivedOn < recent ? SYSTEM_ACTOR : clerk,
        // Receipts for last year's payments went out long ago (from the old system): only
        // the last ten days' payments queue a receipt email now.
        ...(receivedOn < recent && {
          payer: { name: s.customer_name, email: null, language: s.language },
        }),
        method: i % 3 === 0 ? 'check' : 'cash',
        ...(i % 3 === 0 && { checkNumber: String(1_000 + ((i * 37 + back) % 9_000)) }),
        amountCents: amount,
        receivedOn,
        source: { module: 'utilities', id: s.account_id },
      });
    }
    // The payments module's bulk path: the same ledger rows, events and receipts as
    // recordPayment, one account each, in a few statements instead of a few dozen per payment.
    await step(clerk, (ctx) => recordSourcePayments(ctx, payments));
  }
}
