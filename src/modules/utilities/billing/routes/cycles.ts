import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { notFound } from '../../../../kernel/problem.js';
import { staffActor } from '../../../identity/index.js';
import { calculateCycle } from '../calculate.js';
import { issueCycle } from '../issue.js';
import { createCycle, cycleBody, cycleById, listCycles, proposeNextCycle, updateCycle } from '../cycles.js';
import { idParams } from '../../shared/index.js';
import { toCycleView, cycleView } from '../presenters.js';
import type { BillingRouteKit } from './kit.js';

/** Billing cycles: define, change, propose the next, calculate and issue. */
export function cycleRoutes({
  r,
  db,
  events,
  communications,
  tags,
  read,
  bill,
  inTx,
  cycleWithCounts,
}: BillingRouteKit): void {
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
}
