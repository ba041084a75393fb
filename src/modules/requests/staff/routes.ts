import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { withTenant } from '../../../db/tenant-context.js';
import { idParams } from '../../../kernel/http.js';
import { problems } from '../../../kernel/openapi-problem.js';
import type { Platform } from '../../../kernel/platform.js';
import { requireStaff, staffActor, staffWithPermission } from '../../identity/index.js';
import { kpis } from './kpis.js';
import { listQueue, mapPoints, openByAccount } from './queue.js';
import {
  assignBody,
  duplicateBody,
  kpis as kpisSchema,
  mapPoints as mapPointsSchema,
  mapQuery,
  noteBody,
  queueItem,
  queuePage,
  queueQuery,
  reopenBody,
  staffRequest,
  statusBody,
} from './schemas.js';
import { staffRequestView } from './view.js';
import { addNote, assign, changeStatus, markDuplicate, reopen, type WorkContext } from './work.js';

/** The staff work queue of 311 requests (CONTRACT.md, "Staff work queue"). */
export async function staffRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['requests'];
  const read = requireStaff('requests.read');
  const work = requireStaff('requests.work');
  const me = (request: FastifyRequest) => request.staff!.user.id;
  const inTx = <T>(request: FastifyRequest, fn: (tx: Tx) => Promise<T>) =>
    withTenant(platform.db, request.tenant.id, fn);
  const view = (request: FastifyRequest, tx: Tx, id: string) =>
    staffRequestView(tx, platform.files, request.tenant.id, id);
  /** A write: the change, its update row and its event in one transaction, then the request as it now is. */
  const write = (request: FastifyRequest, id: string, fn: (ctx: WorkContext) => Promise<unknown>) =>
    inTx(request, async (tx) => {
      await fn({ tx, events: platform.events, actor: staffActor(request) });
      return view(request, tx, id);
    });

  r.get(
    '/api/v1/requests/queue',
    {
      schema: {
        tags,
        summary: 'The staff work queue: 50 requests a page, filtered and sorted by age',
        querystring: queueQuery,
        response: { 200: queuePage, ...problems(400, 401, 403) },
      },
      preHandler: read,
    },
    async (request) => inTx(request, (tx) => listQueue(tx, request.query, me(request))),
  );

  r.get(
    '/api/v1/requests/map',
    {
      schema: {
        tags,
        summary: 'Requests in a map viewport (open ones unless a status is given), at most 2,000',
        querystring: mapQuery,
        response: { 200: mapPointsSchema, ...problems(400, 401, 403) },
      },
      preHandler: read,
    },
    async (request) => inTx(request, (tx) => mapPoints(tx, request.query, me(request))),
  );

  r.get(
    '/api/v1/requests/kpis',
    {
      schema: {
        tags,
        summary: 'Open, overdue, closed this week and median days to close, overall and by category',
        response: { 200: kpisSchema, ...problems(401, 403) },
      },
      preHandler: read,
    },
    async (request) => inTx(request, (tx) => kpis(tx)),
  );

  r.get(
    '/api/v1/requests/staff',
    {
      schema: {
        tags,
        summary: 'Staff a request can be assigned to',
        response: {
          200: z.object({ staff: z.array(z.object({ id: z.uuid(), name: z.string() })) }),
          ...problems(401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      inTx(request, async (tx) => ({ staff: await staffWithPermission(tx, 'requests.work') })),
  );

  r.get(
    '/api/v1/requests/by-account/:accountId',
    {
      schema: {
        tags,
        summary: 'Open requests at a utility account',
        params: z.object({ accountId: z.uuid() }),
        response: { 200: z.object({ items: z.array(queueItem) }), ...problems(400, 401, 403) },
      },
      preHandler: read,
    },
    async (request) =>
      inTx(request, async (tx) => ({ items: await openByAccount(tx, request.params.accountId) })),
  );

  r.get(
    '/api/v1/requests/:id',
    {
      schema: {
        tags,
        summary: 'One request as staff see it: timeline with internal notes, reporter, account, photos',
        params: idParams,
        response: { 200: staffRequest, ...problems(400, 401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) => inTx(request, (tx) => view(request, tx, request.params.id)),
  );

  r.post(
    '/api/v1/requests/:id/status',
    {
      schema: {
        tags,
        summary: 'Acknowledge, start or close (with a closing note) a request',
        params: idParams,
        body: statusBody,
        response: { 200: staffRequest, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: work,
    },
    async (request) =>
      write(request, request.params.id, (ctx) => changeStatus(ctx, request.params.id, request.body)),
  );

  r.post(
    '/api/v1/requests/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed request (back to in progress)',
        params: idParams,
        body: reopenBody,
        response: { 200: staffRequest, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: work,
    },
    async (request) =>
      write(request, request.params.id, (ctx) => reopen(ctx, request.params.id, request.body)),
  );

  r.post(
    '/api/v1/requests/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a public note (the reporter is told) or an internal one (staff only)',
        params: idParams,
        body: noteBody,
        response: { 201: staffRequest, ...problems(400, 401, 403, 404) },
      },
      preHandler: work,
    },
    async (request, reply) => {
      const out = await write(request, request.params.id, (ctx) =>
        addNote(ctx, request.params.id, request.body),
      );
      return reply.code(201).send(out);
    },
  );

  r.post(
    '/api/v1/requests/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign to a department and, optionally, a staff member',
        params: idParams,
        body: assignBody,
        response: { 200: staffRequest, ...problems(400, 401, 403, 404) },
      },
      preHandler: work,
    },
    async (request) =>
      write(request, request.params.id, (ctx) => assign(ctx, request.params.id, request.body, request.lang)),
  );

  r.post(
    '/api/v1/requests/:id/duplicate',
    {
      schema: {
        tags,
        summary: 'Close as a duplicate of an open request; its reporter and followers follow the original',
        params: idParams,
        body: duplicateBody,
        response: { 200: staffRequest, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: work,
    },
    async (request) =>
      write(request, request.params.id, (ctx) => markDuplicate(ctx, request.params.id, request.body)),
  );
}
