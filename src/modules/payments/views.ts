import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { staffNames } from '../identity/index.js';
import { paymentFigures, type ChargeRow } from './queries.js';

/** How ledger rows are presented by the API and used by receipts and reports. */

export function chargeView(c: ChargeRow) {
  return {
    id: c.id,
    referenceCode: c.reference_code,
    kind: c.kind as 'utility' | 'permit_fee' | 'records_fee' | 'returned_check_fee' | 'other',
    description: c.description,
    amountCents: c.amount_cents,
    allocatedCents: c.allocated_cents,
    refundedCents: c.refunded_cents,
    balanceCents: c.balance_cents,
    party: { name: c.party_name, email: c.party_email, phone: c.party_phone, language: c.party_language },
    source: c.source_module ? { module: c.source_module, id: c.source_id! } : null,
    dueDate: c.due_date,
    status: c.status as 'pending' | 'partially_paid' | 'paid' | 'refunded' | 'void',
    voidReason: c.void_reason,
    createdAt: new Date(c.created_at).toISOString(),
  };
}

export type RefundRow = {
  id: string;
  refund_number: string;
  payment_id: string;
  charge_id: string | null;
  amount_cents: number;
  reason: string;
  refunded_on: string;
  created_at: string;
};

export const refundView = (r: RefundRow) => ({
  id: r.id,
  refundNumber: r.refund_number,
  paymentId: r.payment_id,
  chargeId: r.charge_id,
  amountCents: r.amount_cents,
  reason: r.reason,
  refundedOn: r.refunded_on,
  createdAt: new Date(r.created_at).toISOString(),
});

export const refundColumns = sql`r.id, r.refund_number, r.payment_id, r.charge_id, r.amount_cents::int AS amount_cents,
  r.reason, to_char(r.refunded_on, 'YYYY-MM-DD') AS refunded_on, r.created_at::text AS created_at`;

type PaymentRow = {
  id: string;
  receipt_number: string;
  method: 'check' | 'cash' | 'card' | 'ach';
  check_number: string | null;
  amount_cents: number;
  received_on: string;
  payer_name: string;
  payer_email: string | null;
  payer_language: 'en' | 'es';
  source_module: string | null;
  source_id: string | null;
  status: 'completed' | 'reversed';
  reversal_reason: string | null;
  recorded_by: string | null;
  created_at: string;
};

export const paymentColumns = sql`p.id, p.receipt_number, p.method, p.check_number, p.amount_cents::int AS amount_cents,
  to_char(p.received_on, 'YYYY-MM-DD') AS received_on, p.payer_name, p.payer_email, p.payer_language,
  p.source_module, p.source_id, p.status, p.reversal_reason, p.created_at::text AS created_at, p.recorded_by`;

/** A payment with its allocations and refunds, or undefined when it is not this tenant's. */
export async function loadPayment(tx: Tx, id: string) {
  const [p] = await queryRows<PaymentRow>(
    tx,
    sql`SELECT ${paymentColumns} FROM payments p WHERE p.id = ${id}`,
  );
  if (!p) return undefined;
  const [fig] = await paymentFigures(tx, sql`p.id = ${id}`);
  const clerk = p.recorded_by ? (await staffNames(tx, [p.recorded_by])).get(p.recorded_by) : undefined;
  const allocations = await queryRows<{
    charge_id: string;
    reference_code: string;
    description: { en: string; es: string };
    amount_cents: number;
  }>(
    tx,
    sql`SELECT a.charge_id, c.reference_code, c.description, sum(a.amount_cents)::int AS amount_cents
        FROM allocations a JOIN charges c ON c.id = a.charge_id WHERE a.payment_id = ${id}
        GROUP BY a.charge_id, c.reference_code, c.description, c.due_date, c.created_at
        ORDER BY c.due_date NULLS LAST, c.created_at`,
  );
  const refunds = await queryRows<RefundRow>(
    tx,
    sql`SELECT ${refundColumns} FROM refunds r WHERE r.payment_id = ${id} ORDER BY r.created_at`,
  );
  return {
    id: p.id,
    receiptNumber: p.receipt_number,
    method: p.method,
    checkNumber: p.check_number,
    amountCents: p.amount_cents,
    unappliedCents: p.status === 'completed' ? fig!.unapplied_cents : 0,
    receivedOn: p.received_on,
    payer: { name: p.payer_name, email: p.payer_email, language: p.payer_language },
    source: p.source_module ? { module: p.source_module, id: p.source_id! } : null,
    status: p.status,
    reversalReason: p.reversal_reason,
    recordedBy: clerk ?? null,
    createdAt: new Date(p.created_at).toISOString(),
    allocations: allocations.map((a) => ({
      chargeId: a.charge_id,
      referenceCode: a.reference_code,
      description: a.description,
      amountCents: a.amount_cents,
    })),
    refunds: refunds.map(refundView),
  };
}

export type PaymentDetail = NonNullable<Awaited<ReturnType<typeof loadPayment>>>;
