import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inTenant } from '../../kernel/http.js';
import type { Tx } from '../../db/client.js';
import { idempotent } from '../../kernel/idempotency.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { requireStaff, staffActor } from '../identity/index.js';
import {
  chargeView as chargeSchema,
  createChargeBody,
  idParams,
  paymentView,
  recordPaymentBody,
  refundBody,
  reverseBody,
  voidBody,
} from './schema.js';
import {
  createCharge,
  recordPayment,
  refundPayment,
  reversePayment,
  voidCharge,
  type LedgerContext,
} from './service.js';
import { chargeView } from './views.js';

/**
 * Staff API that moves money. Each POST takes an Idempotency-Key header: a retry with the same
 * key and body returns the first answer; the same key with another body gets 422.
 */
export async function paymentsMoneyRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { events, communications } = platform;
  const tags = ['payments'];

  /** Runs a money operation in one tenant transaction, behind its Idempotency-Key. */
  function run<T, S extends 200 | 201>(
    request: FastifyRequest,
    scope: string,
    status: S,
    op: (ctx: LedgerContext) => Promise<T>,
  ) {
    return inTenant(platform, request, (tx: Tx) =>
      idempotent(tx, request, `${request.staff!.user.id}:${scope}`, async () => ({
        status,
        body: await op({ tx, events, communications, actor: staffActor(request) }),
      })).then((out) => ({ ...out, status: out.status as S })),
    );
  }

  r.post(
    '/api/v1/payments/charges',
    {
      schema: {
        tags,
        summary: 'Post a charge (what someone owes)',
        body: createChargeBody,
        response: { 201: chargeSchema, 200: chargeSchema, ...problems(400, 401, 403, 422) },
      },
      preHandler: requireStaff('payments.record'),
    },
    async (request, reply) => {
      const out = await run(request, 'charges.create', 201, async (ctx) =>
        chargeView(await createCharge(ctx, request.body)),
      );
      return reply.code(out.status).send(out.body);
    },
  );

  r.post(
    '/api/v1/payments/charges/:id/void',
    {
      schema: {
        tags,
        summary: 'Void a charge nothing has been paid on (admin)',
        params: idParams,
        body: voidBody,
        response: { 200: chargeSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: requireStaff('payments.void'),
    },
    async (request, reply) => {
      const out = await run(request, `charges.void:${request.params.id}`, 200, async (ctx) =>
        chargeView(await voidCharge(ctx, request.params.id, request.body)),
      );
      return reply.code(out.status).send(out.body);
    },
  );

  r.post(
    '/api/v1/payments/payments',
    {
      schema: {
        tags,
        summary: 'Record a check or cash payment against a reference code or a source',
        body: recordPaymentBody,
        response: { 201: paymentView, 200: paymentView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: requireStaff('payments.record'),
    },
    async (request, reply) => {
      const out = await run(request, 'payments.record', 201, (ctx) => recordPayment(ctx, request.body));
      return reply.code(out.status).send(out.body);
    },
  );

  r.post(
    '/api/v1/payments/payments/:id/refunds',
    {
      schema: {
        tags,
        summary: 'Refund part or all of a payment (admin)',
        params: idParams,
        body: refundBody,
        response: { 201: paymentView, 200: paymentView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: requireStaff('payments.refund'),
    },
    async (request, reply) => {
      const out = await run(request, `payments.refund:${request.params.id}`, 201, (ctx) =>
        refundPayment(ctx, request.params.id, request.body),
      );
      return reply.code(out.status).send(out.body);
    },
  );

  r.post(
    '/api/v1/payments/payments/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse a returned (NSF) check, optionally charging a returned-check fee (admin)',
        params: idParams,
        body: reverseBody,
        response: { 200: paymentView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: requireStaff('payments.reverse'),
    },
    async (request, reply) => {
      const out = await run(request, `payments.reverse:${request.params.id}`, 200, (ctx) =>
        reversePayment(ctx, request.params.id, request.body),
      );
      return reply.code(out.status).send(out.body);
    },
  );
}
