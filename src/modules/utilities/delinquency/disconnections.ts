import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { t } from '../../../lib/i18n.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { chargeStates, createCharge, type LedgerContext } from '../../payments/index.js';
import { delinquencySettings } from './settings.js';
import { UtilitiesEvents } from '../shared/index.js';

/**
 * Staff record that the crew cut off service for a shutoff-warned statement, and that it was
 * turned back on (with the entity's reconnect fee on the ledger unless waived). The partial
 * unique index allows one open disconnection per account, and a reconnection updates only an
 * open one, so a double click neither disconnects twice nor charges the fee twice.
 */

const isoDate = z.iso.date();
export const disconnectBody = z.object({
  /** The day service was cut off, YYYY-MM-DD (not after today). */
  on: isoDate,
  /** What the crew noted (meter locked, tag number…). */
  note: z.string().trim().min(1).max(500).nullish(),
});
/** POST /statements/:id/reconnect: the disconnection closed and the reconnect fee charged. */
export const reconnectView = z.object({
  disconnectionId: z.uuid(),
  feeCents: z.number().int(),
  chargeId: z.uuid().nullable(),
});

export const reconnectBody = z.object({
  /** The day service was turned back on, YYYY-MM-DD (not after today). */
  on: isoDate,
  /** Leave the reconnect fee off (e.g. the shutoff was an error). */
  waiveFee: z.boolean().default(false),
});

type StatementForService = {
  id: string;
  account_id: string;
  number: string;
  stage: string;
  state: string;
  charge_id: string | null;
  customer_name: string;
  email: string | null;
  language: 'en' | 'es';
  shutoff_date: string | null;
};

async function lockStatement(ctx: LedgerContext, id: string): Promise<StatementForService> {
  const [row] = await queryRows<StatementForService>(
    ctx.tx,
    sql`SELECT s.id, s.account_id, s.number, s.stage, s.state, s.charge_id, s.customer_name, s.email, s.language,
          to_char(d.shutoff_date, 'YYYY-MM-DD') AS shutoff_date
        FROM utility_statements s
        LEFT JOIN delinquency_steps d ON d.statement_id = s.id AND d.step = 'shutoff_warned'
        WHERE s.id = ${id} FOR UPDATE OF s`,
  );
  if (!row) throw notFound();
  return row;
}

export async function disconnectService(ctx: LedgerContext, statementId: string, raw: unknown) {
  const input = parseOrThrow(disconnectBody, raw);
  const s = await lockStatement(ctx, statementId);
  if (s.state !== 'issued' || s.stage !== 'shutoff_warned' || !s.shutoff_date)
    throw new Problem(409, 'statement_not_shutoff_warned');
  const charge = s.charge_id ? (await chargeStates(ctx.tx, [s.charge_id])).get(s.charge_id) : undefined;
  if (!charge || charge.balanceCents === 0) throw new Problem(409, 'statement_already_paid');
  if (input.on < s.shutoff_date) throw new Problem(409, 'shutoff_date_not_reached', { date: s.shutoff_date });
  const [row] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`INSERT INTO service_disconnections (account_id, statement_id, disconnected_on, disconnected_by, note)
        VALUES (${s.account_id}, ${s.id}, ${input.on}, ${ctx.actor.id}, ${input.note ?? null})
        ON CONFLICT DO NOTHING RETURNING id`,
  );
  if (!row) throw new Problem(409, 'account_already_disconnected');
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.serviceDisconnected,
    subjectType: 'utility_statement',
    subjectId: s.id,
    actor: ctx.actor,
    payload: { accountId: s.account_id, statementNumber: s.number, disconnectedOn: input.on },
  });
  return { disconnectionId: row.id };
}

export async function reconnectService(ctx: LedgerContext, statementId: string, raw: unknown) {
  const input = parseOrThrow(reconnectBody, raw);
  const s = await lockStatement(ctx, statementId);
  const [open] = await queryRows<{ id: string; disconnected_on: string }>(
    ctx.tx,
    sql`SELECT id, to_char(disconnected_on, 'YYYY-MM-DD') AS disconnected_on FROM service_disconnections
        WHERE statement_id = ${s.id} AND reconnected_on IS NULL FOR UPDATE`,
  );
  if (!open) throw new Problem(409, 'service_not_disconnected');
  if (input.on < open.disconnected_on)
    throw new Problem(409, 'reconnect_before_disconnection', { date: open.disconnected_on });
  const fee = input.waiveFee ? 0 : (await delinquencySettings(ctx.tx)).reconnectFeeCents;
  let chargeId: string | null = null;
  if (fee > 0) {
    const charge = await createCharge(ctx, {
      kind: 'reconnect_fee',
      description: {
        en: t('en', 'statement:charges.reconnectFee', { number: s.number }),
        es: t('es', 'statement:charges.reconnectFee', { number: s.number }),
      },
      amountCents: fee,
      party: { name: s.customer_name, email: s.email, language: s.language },
      source: { module: 'utilities', id: s.account_id },
      dueDate: input.on,
    });
    chargeId = charge.id;
  }
  await ctx.tx.execute(sql`
    UPDATE service_disconnections SET reconnected_on = ${input.on}, reconnected_by = ${ctx.actor.id},
      reconnect_fee_cents = ${fee}, reconnect_charge_id = ${chargeId}
    WHERE id = ${open.id} AND reconnected_on IS NULL`);
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.serviceReconnected,
    subjectType: 'utility_statement',
    subjectId: s.id,
    actor: ctx.actor,
    payload: {
      accountId: s.account_id,
      statementNumber: s.number,
      reconnectedOn: input.on,
      feeCents: fee,
      chargeId,
    },
  });
  return { disconnectionId: open.id, feeCents: fee, chargeId };
}

/** The shutoff warning of a statement (when it was warned, the shutoff date, what was owed), if any. */
export async function shutoffWarningStep(tx: Tx, statementId: string) {
  const [step] = await queryRows<{ taken_on: string; shutoff_date: string; owed_cents: number }>(
    tx,
    sql`SELECT to_char(taken_on, 'YYYY-MM-DD') AS taken_on, to_char(shutoff_date, 'YYYY-MM-DD') AS shutoff_date,
          owed_cents::int AS owed_cents
        FROM delinquency_steps WHERE statement_id = ${statementId} AND step = 'shutoff_warned'`,
  );
  return step;
}
