import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import type { LedgerContext } from '../../payments/index.js';
import { PERCENT_RE } from './fees.js';
import { UtilitiesEvents } from '../shared/index.js';

/** An entity's delinquency rules; the defaults apply until an administrator saves its own. */
export type DelinquencySettings = {
  graceDays: number;
  lateFeeFlatCents: number;
  lateFeePercent: string;
  shutoffAfterDays: number;
  shutoffMinimumCents: number;
  shutoffNoticeDays: number;
  reconnectFeeCents: number;
};

/** Common municipal practice: 10% of the unpaid bill, a warning 15 days later if $50 or more is overdue. */
export const DEFAULT_SETTINGS: DelinquencySettings = {
  graceDays: 5,
  lateFeeFlatCents: 0,
  lateFeePercent: '10',
  shutoffAfterDays: 15,
  shutoffMinimumCents: 5000,
  shutoffNoticeDays: 10,
  reconnectFeeCents: 5000,
};

const cents = z.number().int().min(0).max(100_000_000);
export const settingsBody = z.object({
  /** Days after the cycle's penalty date before an unpaid statement is past due (0–90). */
  graceDays: z.number().int().min(0).max(90),
  /** Flat part of the late fee, in cents. */
  lateFeeFlatCents: cents,
  /** Percent of the statement's unpaid amount, an exact decimal such as "10" or "1.5" (≤ 3 decimals). */
  lateFeePercent: z.string().trim().regex(PERCENT_RE),
  /** Days after a statement became past due before its shutoff warning (1–365). */
  shutoffAfterDays: z.number().int().min(1).max(365),
  /** A warning goes out only when the account's overdue balance is at least this, in cents. */
  shutoffMinimumCents: cents,
  /** Days between a warning and the shutoff date it gives (1–90). */
  shutoffNoticeDays: z.number().int().min(1).max(90),
  /** Fee charged when service is turned back on, in cents (0 for none). */
  reconnectFeeCents: cents,
});
export const settingsView = settingsBody.extend({
  /** True until an administrator has saved the entity's own rules. */
  isDefault: z.boolean(),
});

type Row = {
  grace_days: number;
  late_fee_flat_cents: number;
  late_fee_percent: string;
  shutoff_after_days: number;
  shutoff_minimum_cents: number;
  shutoff_notice_days: number;
  reconnect_fee_cents: number;
};

export async function delinquencySettings(tx: Tx): Promise<DelinquencySettings & { isDefault: boolean }> {
  const [row] = await queryRows<Row>(
    tx,
    sql`SELECT grace_days, late_fee_flat_cents::int AS late_fee_flat_cents, late_fee_percent, shutoff_after_days,
          shutoff_minimum_cents::int AS shutoff_minimum_cents, shutoff_notice_days,
          reconnect_fee_cents::int AS reconnect_fee_cents
        FROM delinquency_settings`,
  );
  if (!row) return { ...DEFAULT_SETTINGS, isDefault: true };
  return {
    graceDays: row.grace_days,
    lateFeeFlatCents: row.late_fee_flat_cents,
    lateFeePercent: row.late_fee_percent,
    shutoffAfterDays: row.shutoff_after_days,
    shutoffMinimumCents: row.shutoff_minimum_cents,
    shutoffNoticeDays: row.shutoff_notice_days,
    reconnectFeeCents: row.reconnect_fee_cents,
    isDefault: false,
  };
}

/** Saves the entity's rules; the change is in the audit log with what it was before. */
export async function saveDelinquencySettings(ctx: LedgerContext, raw: unknown) {
  const s = parseOrThrow(settingsBody, raw);
  const before = await delinquencySettings(ctx.tx);
  await ctx.tx.execute(sql`
    INSERT INTO delinquency_settings (grace_days, late_fee_flat_cents, late_fee_percent, shutoff_after_days,
      shutoff_minimum_cents, shutoff_notice_days, reconnect_fee_cents, updated_by)
    VALUES (${s.graceDays}, ${s.lateFeeFlatCents}, ${s.lateFeePercent}, ${s.shutoffAfterDays},
      ${s.shutoffMinimumCents}, ${s.shutoffNoticeDays}, ${s.reconnectFeeCents}, ${ctx.actor.id})
    ON CONFLICT (tenant_id) DO UPDATE SET grace_days = EXCLUDED.grace_days,
      late_fee_flat_cents = EXCLUDED.late_fee_flat_cents, late_fee_percent = EXCLUDED.late_fee_percent,
      shutoff_after_days = EXCLUDED.shutoff_after_days, shutoff_minimum_cents = EXCLUDED.shutoff_minimum_cents,
      shutoff_notice_days = EXCLUDED.shutoff_notice_days, reconnect_fee_cents = EXCLUDED.reconnect_fee_cents,
      updated_at = now(), updated_by = EXCLUDED.updated_by`);
  const { isDefault: _, ...previous } = before;
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.delinquencySettingsSaved,
    subjectType: 'delinquency_settings',
    subjectId: 'settings',
    actor: ctx.actor,
    payload: { before: previous, after: s },
  });
  return delinquencySettings(ctx.tx);
}
