import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryRows } from '../../db/rows.js';
import { inTenant } from '../../kernel/http.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { notFound } from '../../kernel/problem.js';
import { requireStaff } from '../identity/index.js';
import { chargeById, paymentFigures, selectCharges } from './queries.js';
import {
  chargeDetail,
  chargeListQuery,
  chargeView as chargeSchema,
  idParams,
  paymentListQuery,
  paymentView,
  periodQuery,
  summaryView,
} from './schema.js';
import { ledgerSummary } from './reports.js';
import { chargeView, loadPayment, refundColumns, refundView, type RefundRow } from './views.js';

const like = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

/** Staff read API of the ledger: KPIs, charges, payments. */
export async function paymentsReadRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payments'];
  const read = requireStaff('payments.read');

  r.get(
    '/api/v1/payments/summary',
    {
      schema: {
        tags,
        summary: 'KPIs for a period: Collected, Payments, Refunds, Net',
        querystring: periodQuery,
        response: { 200: summaryView, ...problems(400, 401, 403) },
      },
      preHandler: read,
    },
    async (request) => inTenant(platform, request, (tx) => ledgerSummary(tx, request.query)),
  );

  r.get(
    '/api/v1/payments/charges',
    {
      schema: {
        tags,
        summary: 'The ledger: charges, newest first, with what is paid and owed',
        querystring: chargeListQuery,
        response: {
          200: z.object({ items: z.array(chargeSchema), total: z.number().int() }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const { status, kind, q, limit, offset } = request.query;
        const where: SQL[] = [sql`true`];
        if (status) where.push(sql`c.status = ${status}`);
        if (kind) where.push(sql`c.kind = ${kind}`);
        if (q) {
          const pattern = like(q);
          where.push(sql`(c.reference_code ILIKE ${pattern} OR replace(c.reference_code, '-', '') ILIKE ${like(q.replace(/[\s-]/g, ''))}
            OR c.party_name ILIKE ${pattern} OR c.party_email ILIKE ${pattern}
            OR EXISTS (SELECT 1 FROM allocations a JOIN payments p ON p.id = a.payment_id
                       WHERE a.charge_id = c.id AND (p.payer_name ILIKE ${pattern} OR p.receipt_number ILIKE ${pattern})))`);
        }
        const condition = sql.join(where, sql` AND `);
        const rows = await selectCharges(
          tx,
          condition,
          sql`ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit} OFFSET ${offset}`,
        );
        const [count] = await queryRows<{ n: number }>(
          tx,
          sql`SELECT count(*)::int AS n FROM charges c WHERE ${condition}`,
        );
        return { items: rows.map(chargeView), total: count!.n };
      }),
  );

  r.get(
    '/api/v1/payments/charges/:id',
    {
      schema: {
        tags,
        summary: 'One charge with the payments and refunds on it',
        params: idParams,
        response: { 200: chargeDetail, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const charge = await chargeById(tx, request.params.id);
        if (!charge) throw notFound();
        const payments = await queryRows<{
          payment_id: string;
          receipt_number: string;
          amount_cents: number;
          refunded_cents: number;
          status: 'completed' | 'reversed';
          received_on: string;
        }>(
          tx,
          sql`SELECT p.id AS payment_id, p.receipt_number, sum(a.amount_cents)::int AS amount_cents, p.status,
                to_char(p.received_on, 'YYYY-MM-DD') AS received_on,
                coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.charge_id = ${charge.id}), 0)::int AS refunded_cents
              FROM allocations a JOIN payments p ON p.id = a.payment_id
              WHERE a.charge_id = ${charge.id}
              GROUP BY p.id ORDER BY p.received_on, p.created_at`,
        );
        const refunds = await queryRows<RefundRow>(
          tx,
          sql`SELECT ${refundColumns} FROM refunds r WHERE r.charge_id = ${charge.id} ORDER BY r.created_at`,
        );
        return {
          ...chargeView(charge),
          payments: payments.map((p) => ({
            paymentId: p.payment_id,
            receiptNumber: p.receipt_number,
            amountCents: p.amount_cents,
            refundableCents: p.status === 'completed' ? p.amount_cents - p.refunded_cents : 0,
            status: p.status,
            receivedOn: p.received_on,
          })),
          refunds: refunds.map(refundView),
        };
      }),
  );

  r.get(
    '/api/v1/payments/payments',
    {
      schema: {
        tags,
        summary: 'Payments received, newest first',
        querystring: paymentListQuery,
        response: {
          200: z.object({ items: z.array(paymentView), total: z.number().int() }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const { from, to, q, limit, offset } = request.query;
        const where: SQL[] = [sql`true`];
        if (from) where.push(sql`p.received_on >= ${from}`);
        if (to) where.push(sql`p.received_on <= ${to}`);
        if (q) {
          const pattern = like(q);
          where.push(
            sql`(p.receipt_number ILIKE ${pattern} OR p.payer_name ILIKE ${pattern} OR p.payer_email ILIKE ${pattern} OR p.check_number = ${q})`,
          );
        }
        const condition = sql.join(where, sql` AND `);
        const ids = await paymentFigures(
          tx,
          sql`${condition} ORDER BY p.received_on DESC, p.created_at DESC LIMIT ${limit} OFFSET ${offset}`,
        );
        const items = [];
        for (const { id } of ids) items.push((await loadPayment(tx, id))!);
        const [count] = await queryRows<{ n: number }>(
          tx,
          sql`SELECT count(*)::int AS n FROM payments p WHERE ${condition}`,
        );
        return { items, total: count!.n };
      }),
  );

  r.get(
    '/api/v1/payments/payments/:id',
    {
      schema: {
        tags,
        summary: 'One payment with its allocations and refunds',
        params: idParams,
        response: { 200: paymentView, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const payment = await loadPayment(tx, request.params.id);
        if (!payment) throw notFound();
        return payment;
      }),
  );
}
