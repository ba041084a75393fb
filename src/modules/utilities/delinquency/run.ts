import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { withTenant } from '../../../db/tenant-context.js';
import type { Actor } from '../../../events/types.js';
import { groupAccountNumber } from '../../../lib/codes.js';
import { t } from '../../../lib/i18n.js';
import {
  chargeStates,
  chargeStatusOf,
  createCharge,
  overdueBalances,
  sourceBalance,
  type LedgerContext,
} from '../../payments/index.js';
import type { IssueDeps } from '../billing/index.js';
import { addDays, lateFeeCents } from './fees.js';
import { delinquencySettings, type DelinquencySettings } from './settings.js';
import { UtilitiesEvents } from '../shared/index.js';

/**
 * The delinquency run, for one entity and one calendar day (`today`, given by the caller so
 * the daily job, the staff button and the tests share one clock):
 *
 * 1. an issued statement whose own ledger charge is still unpaid after the cycle's penalty
 *    date + grace days becomes **past due** and gets the late fee once (a ledger charge on the
 *    account, a `utility.late_fee` notice in the statement's language);
 * 2. a past-due statement still unpaid `shutoffAfterDays` after it became past due, on an
 *    account whose overdue balance is at least the shutoff minimum, gets a **shutoff warning**
 *    with a shutoff date `shutoffNoticeDays` later (`utility.shutoff_warning` notice, and the
 *    printable warning from the dashboard).
 *
 * "Once" is the database's word, not only this code's: each step is a row unique per
 * statement and step, inserted first; the fee, the notice (keyed by statement and step) and
 * the stage change follow only when that insert took. A second run, the same day or later, or
 * two runs at once (the second waits on the first's uncommitted row), charges and notifies
 * nothing again. Work goes in chunks of statements, one transaction each.
 */

/** What a run did (POST /delinquency/run). */
export const runView = z.object({
  today: z.string(),
  pastDue: z.number().int(),
  lateFees: z.number().int(),
  lateFeeCents: z.number().int(),
  shutoffWarnings: z.number().int(),
});
export type RunSummary = z.output<typeof runView>;

const CHUNK = 200;
const MODULE = 'utilities';

type Candidate = {
  id: string;
  account_id: string;
  number: string;
  customer_name: string;
  account_number: string;
  email: string | null;
  language: 'en' | 'es';
  charge_id: string;
};
const candidateColumns = sql`s.id, s.account_id, s.number, s.customer_name, s.account_number, s.email, s.language, s.charge_id`;
const unpaid = sql`${chargeStatusOf(sql`s.charge_id`)} IN ('pending', 'partially_paid')`;

export async function runDelinquency(
  deps: IssueDeps,
  tenantId: string,
  actor: Actor,
  today: string,
): Promise<RunSummary> {
  const summary: RunSummary = { today, pastDue: 0, lateFees: 0, lateFeeCents: 0, shutoffWarnings: 0 };
  const settings = await withTenant(deps.db, tenantId, (tx) => delinquencySettings(tx));
  const inTx = <T>(fn: (ctx: LedgerContext) => Promise<T>) =>
    withTenant(deps.db, tenantId, (tx) =>
      fn({ tx, events: deps.events, communications: deps.communications, actor }),
    );
  // Keyset pages over statement ids: a statement left as it was (e.g. under the shutoff
  // minimum) is never picked up again in the same run.
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const last = await inTx((ctx) => pastDueChunk(ctx, settings, today, after, summary));
    if (!last) break;
    after = last;
  }
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const last = await inTx((ctx) => shutoffChunk(ctx, settings, today, after, summary));
    if (!last) break;
    after = last;
  }
  await inTx((ctx) =>
    ctx.events.record(ctx.tx, {
      type: UtilitiesEvents.delinquencyRun,
      subjectType: 'delinquency_run',
      subjectId: today,
      actor,
      payload: summary,
    }),
  );
  return summary;
}

/** Step 1 for the next chunk of statements; returns the last id looked at (undefined when done). */
async function pastDueChunk(
  ctx: LedgerContext,
  settings: DelinquencySettings,
  today: string,
  after: string,
  summary: RunSummary,
): Promise<string | undefined> {
  const { tx } = ctx;
  const rows = await queryRows<Candidate>(
    tx,
    sql`SELECT ${candidateColumns}
        FROM utility_statements s JOIN billing_cycles c ON c.id = s.cycle_id
        WHERE s.state = 'issued' AND s.stage = 'none' AND s.charge_id IS NOT NULL AND s.id > ${after}::uuid
          AND c.penalty_date + ${settings.graceDays}::int < ${today}::date AND ${unpaid}
        ORDER BY s.id LIMIT ${CHUNK}`,
  );
  if (rows.length === 0) return undefined;
  const charges = await chargeStates(
    tx,
    rows.map((r) => r.charge_id),
  );
  for (const s of rows) {
    const owed = charges.get(s.charge_id)?.balanceCents ?? 0;
    if (owed <= 0) continue; // paid in full: never past due
    const fee = lateFeeCents(owed, settings.lateFeeFlatCents, settings.lateFeePercent);
    const [step] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO delinquency_steps (statement_id, account_id, step, taken_on, owed_cents, fee_cents, created_by)
          VALUES (${s.id}, ${s.account_id}, 'past_due', ${today}, ${owed}, ${fee}, ${ctx.actor.id})
          ON CONFLICT (tenant_id, statement_id, step) DO NOTHING RETURNING id`,
    );
    if (step && fee > 0) {
      const charge = await createCharge(ctx, {
        kind: 'late_fee',
        description: {
          en: t('en', 'statement:charges.lateFee', { number: s.number }),
          es: t('es', 'statement:charges.lateFee', { number: s.number }),
        },
        amountCents: fee,
        party: { name: s.customer_name, email: s.email, language: s.language },
        source: { module: MODULE, id: s.account_id },
        dueDate: today,
      });
      await tx.execute(sql`UPDATE delinquency_steps SET charge_id = ${charge.id} WHERE id = ${step.id}`);
      summary.lateFees++;
      summary.lateFeeCents += fee;
      if (s.email) {
        const balance = await sourceBalance(tx, { module: MODULE, id: s.account_id });
        await ctx.communications.notify(tx, {
          to: { email: s.email, name: s.customer_name },
          language: s.language,
          kind: 'utility.late_fee',
          data: {
            name: s.customer_name,
            accountNumber: groupAccountNumber(s.account_number),
            fee,
            amountDue: Math.max(0, balance.balanceCents),
            assessedOn: today,
          },
          idempotencyKey: `statement:${s.id}:late_fee:email:${s.email}`,
        });
      }
    }
    if (await moveStage(ctx, s, 'none', 'past_due')) summary.pastDue++;
  }
  return rows[rows.length - 1]!.id;
}

/** Step 2 for the next chunk of past-due statements. */
async function shutoffChunk(
  ctx: LedgerContext,
  settings: DelinquencySettings,
  today: string,
  after: string,
  summary: RunSummary,
): Promise<string | undefined> {
  const { tx } = ctx;
  const rows = await queryRows<Candidate>(
    tx,
    sql`SELECT ${candidateColumns}
        FROM utility_statements s
        JOIN delinquency_steps d ON d.statement_id = s.id AND d.step = 'past_due'
        WHERE s.state = 'issued' AND s.stage = 'past_due' AND s.id > ${after}::uuid
          AND d.taken_on + ${settings.shutoffAfterDays}::int <= ${today}::date AND ${unpaid}
        ORDER BY s.id LIMIT ${CHUNK}`,
  );
  if (rows.length === 0) return undefined;
  const overdue = await overdueBalances(
    tx,
    MODULE,
    rows.map((r) => r.account_id),
    today,
  );
  const shutoffDate = addDays(today, settings.shutoffNoticeDays);
  for (const s of rows) {
    const owed = overdue.get(s.account_id) ?? 0;
    if (owed <= 0 || owed < settings.shutoffMinimumCents) continue;
    const [step] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO delinquency_steps (statement_id, account_id, step, taken_on, owed_cents, shutoff_date, created_by)
          VALUES (${s.id}, ${s.account_id}, 'shutoff_warned', ${today}, ${owed}, ${shutoffDate}, ${ctx.actor.id})
          ON CONFLICT (tenant_id, statement_id, step) DO NOTHING RETURNING id`,
    );
    if (step && s.email) {
      await ctx.communications.notify(tx, {
        to: { email: s.email, name: s.customer_name },
        language: s.language,
        kind: 'utility.shutoff_warning',
        data: {
          name: s.customer_name,
          accountNumber: groupAccountNumber(s.account_number),
          amountDue: owed,
          shutoffDate,
        },
        idempotencyKey: `statement:${s.id}:shutoff_warning:email:${s.email}`,
      });
    }
    if (await moveStage(ctx, s, 'past_due', 'shutoff_warned')) summary.shutoffWarnings++;
  }
  return rows[rows.length - 1]!.id;
}

/** Moves the stage if it is still `from` (a concurrent run may have moved it) and records the event. */
async function moveStage(
  ctx: LedgerContext,
  s: Candidate,
  from: 'none' | 'past_due',
  to: 'past_due' | 'shutoff_warned',
): Promise<boolean> {
  const moved = await queryRows<{ id: string }>(
    ctx.tx,
    sql`UPDATE utility_statements SET stage = ${to} WHERE id = ${s.id} AND stage = ${from} RETURNING id`,
  );
  if (moved.length === 0) return false;
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.statementStatusChanged,
    subjectType: 'utility_statement',
    subjectId: s.id,
    actor: ctx.actor,
    payload: { accountId: s.account_id, statementNumber: s.number, status: to },
  });
  return true;
}

/** Open past-due + shutoff-warned statements: the "delinquent statements" figure. */
export async function delinquentCount(tx: Tx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM utility_statements s
        WHERE s.state = 'issued' AND s.stage IN ('past_due', 'shutoff_warned') AND ${unpaid}`,
  );
  return row!.n;
}
