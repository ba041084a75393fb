import { z } from 'zod';
import { problems } from '../../../../kernel/openapi-problem.js';
import { notFound } from '../../../../kernel/problem.js';
import { accountById } from '../../accounts/index.js';
import { cancelAutopay, enrolAutopay, enrolBody, enrolmentsOfAccount, enrolmentView } from '../enrolment.js';
import { idParams } from '../../shared/index.js';
import type { AutopayRouteKit } from './kit.js';

/** Enrolment in bank draft on an account: list, enrol, cancel. */
export function enrolmentRoutes({ r, tags, read, enrol, inTx }: AutopayRouteKit): void {
  r.get(
    '/api/v1/utilities/accounts/:id/autopay',
    {
      schema: {
        tags,
        summary: "An account's autopay enrolments, the active one first (bank details masked)",
        params: idParams,
        response: { 200: z.object({ items: z.array(enrolmentView) }), ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        if (!(await accountById(ctx.tx, request.params.id))) throw notFound();
        return { items: await enrolmentsOfAccount(ctx.tx, request.params.id) };
      }),
  );

  r.post(
    '/api/v1/utilities/accounts/:id/autopay',
    {
      schema: {
        tags,
        summary: 'Enrol an account in bank draft; a zero-dollar prenote goes in the next ACH file',
        params: idParams,
        body: enrolBody,
        response: { 201: enrolmentView, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: enrol,
    },
    async (request, reply) =>
      reply.code(201).send(await inTx(request, (ctx) => enrolAutopay(ctx, request.params.id, request.body))),
  );

  r.post(
    '/api/v1/utilities/accounts/:id/autopay/cancel',
    {
      schema: {
        tags,
        summary: "Cancel an account's bank draft enrolment",
        params: idParams,
        response: { 200: enrolmentView, ...problems(401, 403, 404, 409) },
      },
      preHandler: enrol,
    },
    async (request) => inTx(request, (ctx) => cancelAutopay(ctx, request.params.id)),
  );
}
