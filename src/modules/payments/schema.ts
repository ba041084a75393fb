import { z } from 'zod';

/** Request and response schemas of the payments API; the service's input types come from here. */

export const CHARGE_KINDS = [
  'utility',
  'permit_fee',
  'records_fee',
  'returned_check_fee',
  'late_fee',
  'reconnect_fee',
  'other',
] as const;
export const CHARGE_STATUSES = ['pending', 'partially_paid', 'paid', 'refunded', 'void'] as const;
const MAX_CENTS = 100_000_000_00; // one billion dollars: far above any single municipal payment

/** Integer cents, more than zero. */
export const cents = z.number().int().positive().max(MAX_CENTS);
const isoDate = z.iso.date();
const language = z.enum(['en', 'es']);
const text = (max: number) => z.string().trim().min(1).max(max);

export const partyInput = z.object({
  /** Name of the person or business. */
  name: text(200),
  /** Email for receipts and notices; optional for walk-in payments. */
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).nullish(),
  /** Phone, as given. */
  phone: z.string().trim().max(40).nullish(),
  /** Language of receipts and notices. */
  language: language.default('en'),
});

export const sourceInput = z.object({
  /** The module that owns the thing charged for, e.g. utilities. */
  module: z.string().regex(/^[a-z_]{2,40}$/),
  /** Its id in that module. */
  id: text(100),
});

export const createChargeBody = z.object({
  /** What the charge is for. */
  kind: z.enum(CHARGE_KINDS),
  /** Description in English and Spanish, shown on receipts and in the ledger. */
  description: z.object({ en: text(300), es: text(300) }),
  /** Amount owed in cents. */
  amountCents: cents,
  /** Who owes it. */
  party: partyInput,
  /** What it belongs to; payments to this source are spread over its open charges. */
  source: sourceInput.nullish(),
  /** When it is due, YYYY-MM-DD. */
  dueDate: isoDate.nullish(),
});
export type CreateChargeInput = z.input<typeof createChargeBody>;

export const voidBody = z.object({
  /** Why the charge is cancelled; kept in the ledger and the audit log. */
  reason: text(500),
});

/** How money arrived: staff take checks and cash; 'ach' is a settled autopay bank draft; 'card' is reserved for a provider. */
export const PAYMENT_METHODS = ['check', 'cash', 'card', 'ach'] as const;

const paymentFields = z.object({
  /** check or cash (card is reserved for a payment provider). */
  method: z.enum(['check', 'cash']),
  /** Required for checks. */
  checkNumber: z.string().trim().min(1).max(30).nullish(),
  /** Amount received in cents. */
  amountCents: cents,
  /** Date the money was received, YYYY-MM-DD (today when omitted). */
  receivedOn: isoDate.nullish(),
  /** Who paid; defaults to the party of what is paid. */
  payer: partyInput.nullish(),
  /** What it pays: one charge by its reference code, or a source (e.g. a utility account). */
  referenceCode: z.string().trim().min(1).max(40).nullish(),
  source: sourceInput.nullish(),
});
const paymentRules = (
  b: { method: string; checkNumber?: string | null | undefined; referenceCode?: unknown; source?: unknown },
  ctx: z.RefinementCtx,
) => {
  if (b.method === 'check' && !b.checkNumber)
    ctx.addIssue({ code: 'custom', path: ['checkNumber'], message: 'required' });
  if (!b.referenceCode === !b.source)
    ctx.addIssue({ code: 'custom', path: ['referenceCode'], message: 'payment_target_required' });
};
/** What staff may record over the API: checks and cash. */
export const recordPaymentBody = paymentFields.superRefine(paymentRules);
/** What modules may record through payments/index.ts: also 'ach' (a settled autopay draft). */
export const ledgerPaymentInput = paymentFields
  .extend({ method: z.enum(['check', 'cash', 'ach']) })
  .superRefine(paymentRules);
export type RecordPaymentInput = z.input<typeof ledgerPaymentInput>;

export const refundBody = z.object({
  /** Amount to return in cents. */
  amountCents: cents,
  /** Why; shown to the payer in the refund notice. */
  reason: text(300),
  /** The charge whose payment is returned; omit to refund the payment's unapplied credit. */
  chargeId: z.uuid().nullish(),
});
export type RefundInput = z.input<typeof refundBody>;

export const reverseBody = z.object({
  /** e.g. "NSF — returned by the bank on 2026-11-20". */
  reason: text(300),
  /** A returned-check fee to charge the payer, in cents (none when omitted). */
  returnedCheckFeeCents: cents.nullish(),
});
export type ReverseInput = z.input<typeof reverseBody>;

// Shared by every module's /:id routes.
export { idParams } from '../../kernel/http.js';

export const chargeListQuery = z.object({
  status: z.enum(CHARGE_STATUSES).optional(),
  kind: z.enum(CHARGE_KINDS).optional(),
  /** Reference code, or part of the party's or a payer's name or email. */
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const periodQuery = z
  .object({
    /** First day, YYYY-MM-DD. */
    from: isoDate,
    /** Last day, YYYY-MM-DD (inclusive). */
    to: isoDate,
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'date_before_start' });

export const paymentListQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const depositQuery = z.object({ date: isoDate });
export const pdfQuery = z.object({ lang: language.optional() });

const localized = z.object({ en: z.string(), es: z.string() });

export const chargeView = z.object({
  id: z.uuid(),
  referenceCode: z.string(),
  kind: z.enum(CHARGE_KINDS),
  description: localized,
  amountCents: z.number().int(),
  allocatedCents: z.number().int(),
  refundedCents: z.number().int(),
  balanceCents: z.number().int(),
  party: z.object({
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    language,
  }),
  source: z.object({ module: z.string(), id: z.string() }).nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(CHARGE_STATUSES),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
});

export const allocationView = z.object({
  chargeId: z.uuid(),
  referenceCode: z.string(),
  description: localized,
  amountCents: z.number().int(),
});

export const refundView = z.object({
  id: z.uuid(),
  refundNumber: z.string(),
  paymentId: z.uuid(),
  chargeId: z.uuid().nullable(),
  amountCents: z.number().int(),
  reason: z.string(),
  refundedOn: z.string(),
  createdAt: z.string(),
});

export const paymentView = z.object({
  id: z.uuid(),
  receiptNumber: z.string(),
  method: z.enum(PAYMENT_METHODS),
  checkNumber: z.string().nullable(),
  amountCents: z.number().int(),
  unappliedCents: z.number().int(),
  receivedOn: z.string(),
  payer: z.object({ name: z.string(), email: z.string().nullable(), language }),
  source: z.object({ module: z.string(), id: z.string() }).nullable(),
  status: z.enum(['completed', 'reversed']),
  reversalReason: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
  allocations: z.array(allocationView),
  refunds: z.array(refundView),
});

export const chargeDetail = chargeView.extend({
  payments: z.array(
    z.object({
      paymentId: z.uuid(),
      receiptNumber: z.string(),
      amountCents: z.number().int(),
      refundableCents: z.number().int(),
      status: z.enum(['completed', 'reversed']),
      receivedOn: z.string(),
    }),
  ),
  refunds: z.array(refundView),
});

export const summaryView = z.object({
  from: z.string(),
  to: z.string(),
  /** Money received in the period, less returned checks. */
  collectedCents: z.number().int(),
  /** Number of payments received in the period (not returned). */
  payments: z.number().int(),
  /** Money refunded in the period. */
  refundsCents: z.number().int(),
  /** Collected − Refunds. */
  netCents: z.number().int(),
});
