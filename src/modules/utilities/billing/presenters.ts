// How the staff API shows cycles and statements (zod response schemas and their mappers).
import { z } from 'zod';
import type { cycleById } from './cycles.js';
import { STATEMENT_STATUSES, type listStatements, type statementById } from './statements.js';

const day = z.string();
export const cycleView = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  name: z.string(),
  routes: z.array(z.string()),
  accountTypes: z.array(z.string()),
  periodStart: day,
  periodEnd: day,
  readFrom: day,
  readTo: day,
  billDate: day,
  dueDate: day,
  penaltyDate: day,
  status: z.enum(['open', 'calculated', 'issuing', 'issued']),
  calculatedAt: z.string().nullable(),
  issuedAt: z.string().nullable(),
  counts: z
    .object({
      drafts: z.number().int(),
      withIssues: z.number().int(),
      excluded: z.number().int(),
      issued: z.number().int(),
      currentChargesCents: z.number().int(),
    })
    .optional(),
});
type CycleRow = NonNullable<Awaited<ReturnType<typeof cycleById>>>;
export const toCycleView = (c: CycleRow) => ({
  id: c.id,
  seq: c.seq,
  name: c.name,
  routes: c.routes,
  accountTypes: c.account_types,
  periodStart: c.period_start,
  periodEnd: c.period_end,
  readFrom: c.read_from,
  readTo: c.read_to,
  billDate: c.bill_date,
  dueDate: c.due_date,
  penaltyDate: c.penalty_date,
  status: c.status,
  calculatedAt: c.calculated_at,
  issuedAt: c.issued_at,
});

const issueView = z.object({ code: z.string() }).catchall(z.unknown());
export const statementView = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  cycleId: z.uuid(),
  cycleName: z.string(),
  accountId: z.uuid(),
  accountNumber: z.string(),
  customerName: z.string(),
  language: z.enum(['en', 'es']),
  email: z.string().nullable(),
  serviceAddress: z.string(),
  accountType: z.string(),
  periodStart: day,
  periodEnd: day,
  billDate: day,
  dueDate: day,
  previousBalanceCents: z.number().int(),
  paymentsCents: z.number().int(),
  adjustmentsCents: z.number().int(),
  currentChargesCents: z.number().int(),
  totalDueCents: z.number().int(),
  /** What is still owed on this statement's own charge (null when it has none). */
  balanceCents: z.number().int().nullable(),
  status: z.enum(STATEMENT_STATUSES),
  issues: z.array(issueView),
  estimated: z.boolean(),
  autopay: z.boolean(),
  chargeId: z.uuid().nullable(),
  voidReason: z.string().nullable(),
  issuedAt: z.string().nullable(),
});
export const statementDetailView = statementView.extend({
  meters: z.array(
    z.object({
      serial: z.string(),
      service: z.string(),
      unit: z.string(),
      priorRead: z.number().int().nullable(),
      priorReadOn: day.nullable(),
      currentRead: z.number().int().nullable(),
      currentReadOn: day.nullable(),
      consumption: z.number().int(),
      estimated: z.boolean(),
      rollover: z.boolean(),
    }),
  ),
  lines: z.array(
    z.object({
      service: z.string(),
      kind: z.string(),
      label: z.object({ en: z.string(), es: z.string() }),
      quantity: z.number().int().nullable(),
      rate: z.string().nullable(),
      amountCents: z.number().int(),
    }),
  ),
});

type ListedStatement = Awaited<ReturnType<typeof listStatements>>['items'][number];
export const toStatementView = (s: ListedStatement) => ({
  id: s.id,
  number: s.number,
  cycleId: s.cycle_id,
  cycleName: s.cycle_name,
  accountId: s.account_id,
  accountNumber: s.account_number,
  customerName: s.customer_name,
  language: s.language,
  email: s.email,
  serviceAddress: s.service_address,
  accountType: s.account_type,
  periodStart: s.period_start,
  periodEnd: s.period_end,
  billDate: s.bill_date,
  dueDate: s.due_date,
  previousBalanceCents: s.previous_balance_cents,
  paymentsCents: s.payments_cents,
  adjustmentsCents: s.adjustments_cents,
  currentChargesCents: s.current_charges_cents,
  totalDueCents: s.total_due_cents,
  balanceCents: s.balanceCents,
  status: s.status,
  issues: s.issues,
  estimated: s.estimated,
  autopay: s.autopay,
  chargeId: s.charge_id,
  voidReason: s.void_reason,
  issuedAt: s.issued_at,
});
export const toDetailView = (s: NonNullable<Awaited<ReturnType<typeof statementById>>>) => ({
  ...toStatementView(s),
  meters: s.meters.map((m) => ({
    serial: m.serial,
    service: m.service,
    unit: m.unit,
    priorRead: m.prior_read === null ? null : Number(m.prior_read),
    priorReadOn: m.prior_read_on,
    currentRead: m.current_read === null ? null : Number(m.current_read),
    currentReadOn: m.current_read_on,
    consumption: Number(m.consumption),
    estimated: m.estimated,
    rollover: m.rollover,
  })),
  lines: s.lines.map((l) => ({
    service: l.service,
    kind: l.kind,
    label: l.label,
    quantity: l.quantity === null ? null : Number(l.quantity),
    rate: l.rate,
    amountCents: Number(l.amount_cents),
  })),
});
