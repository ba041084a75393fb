import { withTenant } from '../../../../db/tenant-context.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { notFound } from '../../../../kernel/problem.js';
import { createMeter, installMeter, meterById, moveMeter, removeMeter, swapMeter } from '../meters.js';
import { installMeterBody, moveMeterBody, newMeterBody, removeMeterBody, swapMeterBody } from '../schemas.js';
import { idParams } from '../../shared/index.js';
import { meterView, toMeterView } from '../presenters.js';
import type { AccountsRouteKit } from './kit.js';

/** Meters: stock, install, remove, swap and move between accounts. */
export function meterRoutes({ r, db, tags, read, manage, inTx }: AccountsRouteKit): void {
  r.post(
    '/api/v1/utilities/accounts/:id/meters/swap',
    {
      schema: {
        tags,
        summary: 'Swap a meter: final read of the old one, initial read of the new one',
        params: idParams,
        body: swapMeterBody,
        response: { 200: meterView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => toMeterView(await swapMeter(ctx, request.params.id, request.body))),
  );

  r.post(
    '/api/v1/utilities/accounts/:id/meters/move',
    {
      schema: {
        tags,
        summary:
          'Move a meter from this account to another: final read here, the same value as the initial read there, in one step',
        params: idParams,
        body: moveMeterBody,
        response: { 200: meterView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => toMeterView(await moveMeter(ctx, request.params.id, request.body))),
  );

  r.post(
    '/api/v1/utilities/meters',
    {
      schema: {
        tags,
        summary: 'Add a meter to stock',
        body: newMeterBody,
        response: { 201: meterView, ...problems(400, 401, 403, 409) },
      },
      preHandler: manage,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inTx(request, async (ctx) => toMeterView(await createMeter(ctx, request.body)))),
  );

  r.post(
    '/api/v1/utilities/meters/:id/install',
    {
      schema: {
        tags,
        summary: 'Install a meter on an account (also how a meter moves to another account)',
        params: idParams,
        body: installMeterBody,
        response: { 200: meterView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => toMeterView(await installMeter(ctx, request.params.id, request.body))),
  );

  r.post(
    '/api/v1/utilities/meters/:id/remove',
    {
      schema: {
        tags,
        summary: 'Remove a meter from its account with a final read',
        params: idParams,
        body: removeMeterBody,
        response: { 200: meterView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => toMeterView(await removeMeter(ctx, request.params.id, request.body))),
  );

  r.get(
    '/api/v1/utilities/meters/:id',
    {
      schema: {
        tags,
        summary: 'One meter',
        params: idParams,
        response: { 200: meterView, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const m = await meterById(tx, request.params.id);
        if (!m) throw notFound();
        return toMeterView(m);
      }),
  );
}
