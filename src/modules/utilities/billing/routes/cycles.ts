import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/rows.js';
import { withTenant } from '../../db/tenant-context.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { notFound } from '../../kernel/problem.js';
import { requireStaff, staffActor } from '../identity/index.js';
import type { LedgerContext } from '../payments/index.js';
import { calculateCycle } from './billing-calculate.js';
import { issueCycle } from './billing-issue.js';
import { createCycle, cycleBody, cycleById, listCycles, proposeNextCycle, updateCycle } from './cycles.js';
import { idParams } from './schema.js';
import {
  listStatements,
  setExcluded,
  statementById,
  statementListQuery,
  STATEMENT_STATUSES,
  voidStatement,
  voidStatementBody,
} from './statements.js';

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
const toCycleView = (c: CycleRow) => ({
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
const statementDetailView = statementView.extend({
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
const toDetailView = (s: NonNullable<Awaited<ReturnType<typeof statementById>>>) => ({
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

/** Billing cycles (calculate, issue) and statements: /dashboard/utilities/cycles and /statements. */
export async function utilityBillingRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, events, communications } = platform;
  const tags = ['utility billing'];
  const read = requireStaff('utilities.read');
  const bill = requireStaff('utilities.bill');
  const voidPerm = requireStaff('utilities.void');
  const inTx = <T>(request: FastifyRequest, fn: (ctx: LedgerContext) => Promise<T>) =>
    withTenant(db, request.tenant.id, (tx) => fn({ tx, events, communications, actor: staffActor(request) }));
  const cycleWithCounts = async (ctx: Pick<LedgerContext, 'tx'>, id: string) => {
    const c = await cycleById(ctx.tx, id);
    if (!c) throw notFound();
    // One pass over the cycle's statements for the run's progress figures.
    const [n] = await queryRows<{
      drafts: number;
      with_issues: number;
      excluded: number;
      issued: number;
      charges: number;
    }>(
      ctx.tx,
      sql`
      SELECT count(*) FILTER (WHERE state = 'draft')::int AS drafts,
             count(*) FILTER (WHERE state = 'draft' AND issues <> '[]'::jsonb)::int AS with_issues,
             count(*) FILTER (WHERE state = 'excluded')::int AS excluded,
             count(*) FILTER (WHERE state IN ('issued', 'void'))::int AS issued,
             coalesce(sum(current_charges_cents) FILTER (WHERE state IN ('draft', 'issued')), 0)::int AS charges
      FROM utility_statements WHERE cycle_id = ${id}`,
    );
    return {
      ...toCycleView(c),
      counts: {
        drafts: n!.drafts,
        withIssues: n!.with_issues,
        excluded: n!.excluded,
        issued: n!.issued,
        currentChargesCents: n!.charges,
      },
    };
  };

  r.get(
    '/api/v1/utilities/cycles',
    {
      schema: {
        tags,
        summary: 'Billing cycles, newest bill date first',
        response: { 200: z.object({ items: z.array(cycleView) }), ...problems(401, 403) },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => ({ items: (await listCycles(tx)).map(toCycleView) })),
  );

  r.post(
    '/api/v1/utilities/cycles',
    {
      schema: {
        tags,
        summary: 'Define a billing cycle',
        body: cycleBody,
        response: { 201: cycleView, ...problems(400, 401, 403) },
      },
      preHandler: bill,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inTx(request, async (ctx) => toCycleView(await createCycle(ctx, request.body)))),
  );

  r.get(
    '/api/v1/utilities/cycles/:id',
    {
      schema: {
        tags,
        summary: 'One cycle with the counts of its run',
        params: idParams,
        response: { 200: cycleView, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) => withTenant(db, request.tenant.id, (tx) => cycleWithCounts({ tx }, request.params.id)),
  );

  r.put(
    '/api/v1/utilities/cycles/:id',
    {
      schema: {
        tags,
        summary: 'Change a cycle that has issued nothing yet',
        params: idParams,
        body: cycleBody,
        response: { 200: cycleView, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: bill,
    },
    async (request) =>
      inTx(request, async (ctx) => toCycleView(await updateCycle(ctx, request.params.id, request.body))),
  );

  r.get(
    '/api/v1/utilities/cycles/:id/next',
    {
      schema: {
        tags,
        summary: 'The monthly schedule: the next cycle after this one, proposed (not saved)',
        params: idParams,
        response: { 200: cycleBody, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const c = await cycleById(tx, request.params.id);
        if (!c) throw notFound();
        return proposeNextCycle(c, request.lang);
      }),
  );

  r.post(
    '/api/v1/utilities/cycles/:id/calculate',
    {
      schema: {
        tags,
        summary: 'Calculate (or recalculate) the draft statements and their exceptions',
        params: idParams,
        response: { 200: cycleView, ...problems(401, 403, 404, 409) },
      },
      preHandler: bill,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        await calculateCycle(ctx, request.params.id);
        return cycleWithCounts(ctx, request.params.id);
      }),
  );

  r.post(
    '/api/v1/utilities/cycles/:id/issue',
    {
      schema: {
        tags,
        summary: 'Issue the drafts: number them, post their charges, send their notices (safe to repeat)',
        params: idParams,
        response: { 200: cycleView, ...problems(401, 403, 404, 409) },
      },
      preHandler: bill,
    },
    async (request) => {
      await issueCycle(
        { db, events, communications },
        request.tenant.id,
        staffActor(request),
        request.params.id,
      );
      return withTenant(db, request.tenant.id, (tx) => cycleWithCounts({ tx }, request.params.id));
    },
  );

  r.get(
    '/api/v1/utilities/statements',
    {
      schema: {
        tags,
        summary: 'Statements: by cycle, account, status, number or account number',
        querystring: statementListQuery,
        response: {
          200: z.object({ items: z.array(statementView), total: z.number().int() }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const found = await listStatements(tx, request.query);
        return { items: found.items.map(toStatementView), total: found.total };
      }),
  );

  r.get(
    '/api/v1/utilities/statements/:id',
    {
      schema: {
        tags,
        summary: 'One statement with its meter reads and line items',
        params: idParams,
        response: { 200: statementDetailView, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const s = await statementById(tx, request.params.id);
        if (!s) throw notFound();
        return toDetailView(s);
      }),
  );

  for (const [path, excluded] of [
    ['exclude', true],
    ['include', false],
  ] as const) {
    r.post(
      `/api/v1/utilities/statements/:id/${path}`,
      {
        schema: {
          tags,
          summary: excluded ? 'Leave a draft out of this run' : 'Put an excluded draft back in the run',
          params: idParams,
          response: { 200: statementDetailView, ...problems(401, 403, 404, 409) },
        },
        preHandler: bill,
      },
      async (request) =>
        inTx(request, async (ctx) => toDetailView(await setExcluded(ctx, request.params.id, excluded))),
    );
  }

  r.post(
    '/api/v1/utilities/statements/:id/void',
    {
      schema: {
        tags,
        summary: 'Void an issued statement (administrators): its ledger charge is voided too',
        params: idParams,
        body: voidStatementBody,
        response: { 200: statementDetailView, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: voidPerm,
    },
    async (request) =>
      inTx(request, async (ctx) => toDetailView(await voidStatement(ctx, request.params.id, request.body))),
  );
}
