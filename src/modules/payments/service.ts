import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { EventBus } from '../../events/bus.js';
import type { Actor } from '../../events/types.js';
import { groupCode, isValidCode, normalizeCode, randomCode } from '../../lib/codes.js';
import { invalid, notFound, Problem } from '../../kernel/problem.js';
import type { Communications } from '../communications/index.js';
import { PaymentsEvents } from './events.js';
import {
  chargeById,
  chargeByReference,
  creditsOfSource,
  ledgerKey,
  lockLedgerKeys,
  nextNumber,
  openChargesOfSource,
  paymentFigures,
  refreshChargeStatus,
  sourceKey,
  type ChargeRow,
  type Source,
} from './queries.js';
import { createChargeBody, ledgerPaymentInput, refundBody, reverseBody, voidBody } from './schema.js';
import type { CreateChargeInput, RecordPaymentInput, RefundInput, ReverseInput } from './schema.js';
import { parseOrThrow } from '../../kernel/validate.js';
import { loadPayment, type PaymentDetail } from './views.js';
import { sendReceipt } from './receipt-notices.js';

/** What every money-changing call needs: the caller's transaction and who is acting. */
export type LedgerContext = { tx: Tx; events: EventBus; communications: Communications; actor: Actor };

const today = () => new Date().toISOString().slice(0, 10);
const actorId = (a: Actor) => a.id;

/** "c-7kq4 m2xd" -> "C-7KQ4-M2XD", or a 400 when it cannot be a reference code. */
export function parseReferenceCode(input: string, field = 'referenceCode'): string {
  let code = normalizeCode(input);
  if (code && code.length === 9 && code.startsWith('C')) code = code.slice(1);
  if (!code || code.length !== 8 || !isValidCode(code))
    throw invalid([{ field, code: 'reference_code_invalid' }]);
  return `C-${groupCode(code)}`;
}

/** Creates a charge; a source's unapplied credit pays it at once, oldest credit first. */
export async function createCharge(ctx: LedgerContext, raw: CreateChargeInput): Promise<ChargeRow> {
  const input = parseOrThrow(createChargeBody, raw);
  const { tx } = ctx;
  const source = input.source ?? null;
  if (source) await lockLedgerKeys(tx, [sourceKey(source)]);
  let id: string | undefined;
  for (let attempt = 0; !id; attempt++) {
    if (attempt > 5) throw new Error('could not find a free reference code');
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`
      INSERT INTO charges (reference_code, kind, description, amount_cents, party_name, party_email,
        party_phone, party_language, source_module, source_id, due_date, created_by)
      VALUES (${`C-${groupCode(randomCode(8))}`}, ${input.kind}, ${JSON.stringify(input.description)}::jsonb,
        ${input.amountCents}, ${input.party.name}, ${input.party.email ?? null}, ${input.party.phone ?? null},
        ${input.party.language}, ${source?.module ?? null}, ${source?.id ?? null}, ${input.dueDate ?? null},
        ${actorId(ctx.actor)})
      ON CONFLICT (tenant_id, reference_code) DO NOTHING
      RETURNING id`,
    );
    id = row?.id;
  }
  await ctx.events.record(tx, {
    type: PaymentsEvents.chargeCreated,
    subjectType: 'charge',
    subjectId: id,
    actor: ctx.actor,
    payload: {
      kind: input.kind,
      amountCents: input.amountCents,
      source,
      partyEmail: input.party.email ?? null,
    },
  });
  if (source) await applyCredit(ctx, source, id);
  return (await chargeById(tx, id))!;
}

/** Spends a source's unapplied credit on one of its charges (the ledger key is already held). */
export async function applyCredit(ctx: LedgerContext, source: Source, chargeId: string): Promise<void> {
  let balance = (await chargeById(ctx.tx, chargeId))!.balance_cents;
  for (const credit of await creditsOfSource(ctx.tx, source)) {
    if (balance <= 0) break;
    const amount = Math.min(balance, credit.unapplied_cents);
    await insertAllocation(ctx.tx, credit.id, chargeId, amount);
    balance -= amount;
    await ctx.events.record(ctx.tx, {
      type: PaymentsEvents.creditApplied,
      subjectType: 'payment',
      subjectId: credit.id,
      actor: ctx.actor,
      payload: { chargeId, amountCents: amount },
    });
  }
  await refreshChargeStatus(ctx.tx, [chargeId]);
}

async function insertAllocation(tx: Tx, paymentId: string, chargeId: string, amount: number) {
  await tx.execute(
    sql`INSERT INTO allocations (payment_id, charge_id, amount_cents) VALUES (${paymentId}, ${chargeId}, ${amount})`,
  );
}

/** Cancels a charge nobody has paid anything on. */
export async function voidCharge(
  ctx: LedgerContext,
  chargeId: string,
  raw: { reason: string },
): Promise<ChargeRow> {
  const { reason } = parseOrThrow(voidBody, raw);
  const found = await chargeById(ctx.tx, chargeId);
  if (!found) throw notFound();
  await lockLedgerKeys(ctx.tx, [ledgerKey(found)]);
  const charge = (await chargeById(ctx.tx, chargeId))!;
  if (charge.status === 'void') throw new Problem(409, 'charge_already_void');
  if (charge.allocated_cents > 0) throw new Problem(409, 'charge_has_payments');
  await ctx.tx.execute(
    sql`UPDATE charges SET status = 'void', void_reason = ${reason}, voided_at = now() WHERE id = ${chargeId}`,
  );
  await ctx.events.record(ctx.tx, {
    type: PaymentsEvents.chargeVoided,
    subjectType: 'charge',
    subjectId: chargeId,
    actor: ctx.actor,
    payload: { reason, amountCents: charge.amount_cents },
  });
  return (await chargeById(ctx.tx, chargeId))!;
}

/**
 * Records money received and allocates it: to one charge by reference code (never above its
 * balance), or across a source's open charges oldest first, the rest kept as the source's
 * credit. A receipt number, a domain event and — when the payer has an email — a receipt
 * notice in the payer's language are written in the same transaction.
 */
export async function recordPayment(ctx: LedgerContext, raw: RecordPaymentInput): Promise<PaymentDetail> {
  const input = parseOrThrow(ledgerPaymentInput, raw);
  const { tx } = ctx;
  let targets: ChargeRow[];
  let source: Source | null;
  if (input.referenceCode) {
    const code = parseReferenceCode(input.referenceCode);
    const found = await chargeByReference(tx, code);
    if (!found) throw new Problem(404, 'charge_not_found', { code });
    await lockLedgerKeys(tx, [ledgerKey(found)]);
    const charge = (await chargeById(tx, found.id))!;
    if (charge.status === 'void') throw new Problem(409, 'charge_is_void', { code });
    if (charge.balance_cents === 0) throw new Problem(422, 'charge_has_no_balance', { code });
    if (input.amountCents > charge.balance_cents)
      throw new Problem(422, 'allocation_exceeds_balance', { balance: charge.balance_cents / 100 });
    targets = [charge];
    source = charge.source_module ? { module: charge.source_module, id: charge.source_id! } : null;
  } else {
    source = input.source!;
    await lockLedgerKeys(tx, [sourceKey(source)]);
    const [known] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM charges WHERE source_module = ${source.module} AND source_id = ${source.id}`,
    );
    if (!known || known.n === 0) throw new Problem(404, 'source_not_found');
    targets = await openChargesOfSource(tx, source);
  }
  const payer = input.payer ?? partyOf(targets[0] ?? (await lastChargeOfSource(tx, source!)));
  const receivedOn = input.receivedOn ?? today();
  const receiptNumber = await nextNumber(tx, 'R', Number(receivedOn.slice(0, 4)));
  const [payment] = await queryRows<{ id: string }>(
    tx,
    sql`
    INSERT INTO payments (receipt_number, method, check_number, amount_cents, received_on, payer_name,
      payer_email, payer_language, source_module, source_id, recorded_by)
    VALUES (${receiptNumber}, ${input.method}, ${input.method === 'check' ? input.checkNumber! : null},
      ${input.amountCents}, ${receivedOn}, ${payer.name}, ${payer.email ?? null}, ${payer.language},
      ${source?.module ?? null}, ${source?.id ?? null}, ${actorId(ctx.actor)})
    RETURNING id`,
  );
  let left = input.amountCents;
  const paid: string[] = [];
  for (const charge of targets) {
    if (left === 0) break;
    const amount = Math.min(left, charge.balance_cents);
    await insertAllocation(tx, payment!.id, charge.id, amount);
    paid.push(charge.id);
    left -= amount;
  }
  await refreshChargeStatus(tx, paid);
  await ctx.events.record(tx, {
    type: PaymentsEvents.paymentRecorded,
    subjectType: 'payment',
    subjectId: payment!.id,
    actor: ctx.actor,
    payload: { receiptNumber, method: input.method, amountCents: input.amountCents, source, chargeIds: paid },
  });
  const detail = (await loadPayment(tx, payment!.id))!;
  await sendReceipt(ctx, detail);
  return detail;
}

type Party = { name: string; email?: string | null; language: 'en' | 'es' };
const partyOf = (c: ChargeRow): Party => ({
  name: c.party_name,
  email: c.party_email,
  language: c.party_language,
});

async function lastChargeOfSource(tx: Tx, source: Source): Promise<ChargeRow> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM charges WHERE source_module = ${source.module} AND source_id = ${source.id}
        ORDER BY created_at DESC LIMIT 1`,
  );
  return (await chargeById(tx, row!.id))!;
}

/**
 * A returned (NSF) check: the payment stops counting, every charge it paid is open again, and
 * an optional returned-check fee is charged to the payer. A returned bank draft ('ach') is
 * reversed the same way, but only by the autopay module (`{ achReturn: true }`), which also
 * tracks the draft's return code; the staff API keeps refusing it.
 */
export async function reversePayment(
  ctx: LedgerContext,
  paymentId: string,
  raw: ReverseInput,
  opts: { achReturn?: boolean } = {},
): Promise<PaymentDetail> {
  const input = parseOrThrow(reverseBody, raw);
  const { tx } = ctx;
  const payment = await loadPayment(tx, paymentId);
  if (!payment) throw notFound();
  const keys = await ledgerKeysOf(tx, payment);
  await lockLedgerKeys(tx, keys);
  const [fig] = await paymentFigures(tx, sql`p.id = ${paymentId}`);
  if (fig!.status === 'reversed') throw new Problem(409, 'payment_already_reversed');
  if (payment.method === 'ach' && !opts.achReturn) throw new Problem(422, 'ach_return_through_autopay');
  if (payment.method !== 'check' && !(payment.method === 'ach' && opts.achReturn))
    throw new Problem(422, 'only_checks_can_be_returned');
  if (fig!.credit_refunded_cents + fig!.line_refunded_cents > 0)
    throw new Problem(409, 'payment_has_refunds');
  await tx.execute(sql`
    UPDATE payments SET status = 'reversed', reversal_reason = ${input.reason}, reversed_at = now(),
      reversed_by = ${actorId(ctx.actor)}
    WHERE id = ${paymentId}`);
  await refreshChargeStatus(
    tx,
    payment.allocations.map((a) => a.chargeId),
  );
  await ctx.events.record(tx, {
    type: PaymentsEvents.paymentReversed,
    subjectType: 'payment',
    subjectId: paymentId,
    actor: ctx.actor,
    payload: {
      receiptNumber: payment.receiptNumber,
      amountCents: payment.amountCents,
      reason: input.reason,
      method: payment.method,
    },
  });
  if (input.returnedCheckFeeCents) {
    await createCharge(ctx, {
      kind: 'returned_check_fee',
      description:
        payment.method === 'ach'
          ? {
              en: `Returned bank draft fee (receipt ${payment.receiptNumber})`,
              es: `Cargo por débito bancario devuelto (recibo ${payment.receiptNumber})`,
            }
          : {
              en: `Returned check fee (check ${payment.checkNumber}, receipt ${payment.receiptNumber})`,
              es: `Cargo por cheque devuelto (cheque ${payment.checkNumber}, recibo ${payment.receiptNumber})`,
            },
      amountCents: input.returnedCheckFeeCents,
      party: { name: payment.payer.name, email: payment.payer.email, language: payment.payer.language },
      source: payment.source,
      dueDate: today(),
    });
  }
  return (await loadPayment(tx, paymentId))!;
}

async function ledgerKeysOf(tx: Tx, payment: PaymentDetail): Promise<string[]> {
  const keys = payment.source ? [sourceKey(payment.source)] : [];
  for (const a of payment.allocations) keys.push(ledgerKey((await chargeById(tx, a.chargeId))!));
  return keys;
}

/**
 * Returns money from a payment: what it paid on one charge (that part of the charge is
 * closed), or its unapplied credit. Never more than is left to refund.
 */
export async function refundPayment(
  ctx: LedgerContext,
  paymentId: string,
  raw: RefundInput,
): Promise<PaymentDetail> {
  const input = parseOrThrow(refundBody, raw);
  const { tx } = ctx;
  const payment = await loadPayment(tx, paymentId);
  if (!payment) throw notFound();
  await lockLedgerKeys(tx, await ledgerKeysOf(tx, payment));
  const [fig] = await paymentFigures(tx, sql`p.id = ${paymentId}`);
  if (fig!.status === 'reversed') throw new Problem(409, 'payment_reversed');
  let available: number;
  if (input.chargeId) {
    const [row] = await queryRows<{ paid: number; refunded: number }>(
      tx,
      sql`
      SELECT coalesce((SELECT sum(amount_cents) FROM allocations WHERE payment_id = ${paymentId} AND charge_id = ${input.chargeId}), 0)::int AS paid,
             coalesce((SELECT sum(amount_cents) FROM refunds WHERE payment_id = ${paymentId} AND charge_id = ${input.chargeId}), 0)::int AS refunded`,
    );
    if (row!.paid === 0) throw new Problem(404, 'charge_not_paid_by_payment');
    available = row!.paid - row!.refunded;
  } else {
    available = fig!.unapplied_cents;
  }
  if (input.amountCents > available)
    throw new Problem(422, 'refund_exceeds_paid', { available: available / 100 });
  const refundedOn = today();
  const refundNumber = await nextNumber(tx, 'RF', Number(refundedOn.slice(0, 4)));
  const [refund] = await queryRows<{ id: string }>(
    tx,
    sql`
    INSERT INTO refunds (refund_number, payment_id, charge_id, amount_cents, reason, refunded_on, refunded_by)
    VALUES (${refundNumber}, ${paymentId}, ${input.chargeId ?? null}, ${input.amountCents}, ${input.reason},
      ${refundedOn}, ${actorId(ctx.actor)})
    RETURNING id`,
  );
  if (input.chargeId) await refreshChargeStatus(tx, [input.chargeId]);
  await ctx.events.record(tx, {
    type: PaymentsEvents.refundIssued,
    subjectType: 'payment',
    subjectId: paymentId,
    actor: ctx.actor,
    payload: {
      refundId: refund!.id,
      refundNumber,
      amountCents: input.amountCents,
      chargeId: input.chargeId ?? null,
    },
  });
  if (payment.payer.email) {
    await ctx.communications.notify(tx, {
      to: { email: payment.payer.email, name: payment.payer.name },
      language: payment.payer.language,
      kind: 'payment.refund',
      data: {
        name: payment.payer.name,
        receiptNumber: payment.receiptNumber,
        amount: input.amountCents,
        refundedOn,
        reason: input.reason,
      },
      idempotencyKey: `refund:${refund!.id}:email:${payment.payer.email}`,
      ...(payment.source && { about: payment.source }),
    });
  }
  return (await loadPayment(tx, paymentId))!;
}
