import { z } from 'zod';
import { problems } from '../../../../kernel/openapi-problem.js';
import { achFileText, createAchFile } from '../files.js';
import { recordReturn, returnBody, settleAchFile, settleBody } from '../settlement.js';
import { entryListQuery, entryView, fileById, fileView, listEntries, listFiles } from '../file-views.js';
import { idParams } from '../../shared/index.js';
import type { AutopayRouteKit } from './kit.js';

/** Pending entries, ACH files (create, one, download, settle) and returns. */
export function achFileRoutes({ r, tags, read, files, inTx, moneyTx }: AutopayRouteKit): void {
  r.get(
    '/api/v1/utilities/autopay/entries',
    {
      schema: {
        tags,
        summary: 'Prenotes and debits: pending, sent in a file, settled, returned',
        querystring: entryListQuery,
        response: {
          200: z.object({ items: z.array(entryView), total: z.number().int() }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) => inTx(request, (ctx) => listEntries(ctx.tx, request.query)),
  );

  r.get(
    '/api/v1/utilities/autopay/files',
    {
      schema: {
        tags,
        summary: 'ACH files, newest first',
        response: { 200: z.object({ items: z.array(fileView) }), ...problems(401, 403) },
      },
      preHandler: read,
    },
    async (request) => inTx(request, async (ctx) => ({ items: await listFiles(ctx.tx) })),
  );

  r.post(
    '/api/v1/utilities/autopay/files',
    {
      schema: {
        tags,
        summary: 'Create the next ACH file from every pending entry (admin; Idempotency-Key)',
        response: { 201: fileView, 200: fileView, ...problems(400, 401, 403, 409, 422) },
      },
      preHandler: files,
    },
    async (request, reply) => {
      const out = await moneyTx(request, 'ach.file', 201, (ctx) => createAchFile(ctx));
      return reply.code(out.status).send(out.body);
    },
  );

  r.get(
    '/api/v1/utilities/autopay/files/:id',
    {
      schema: {
        tags,
        summary: 'One ACH file',
        params: idParams,
        response: { 200: fileView, ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) => inTx(request, (ctx) => fileById(ctx.tx, request.params.id)),
  );

  r.get(
    '/api/v1/utilities/autopay/files/:id/download',
    {
      schema: {
        tags,
        summary: 'The NACHA file for the bank (admin): 94-character records, blocked to 10',
        params: idParams,
        response: { 200: z.string().describe('text/plain NACHA file'), ...problems(401, 403, 404) },
      },
      preHandler: files,
    },
    async (request, reply) => {
      const { text, file } = await inTx(request, (ctx) => achFileText(ctx, request.params.id));
      return reply
        .type('text/plain; charset=us-ascii')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(text);
    },
  );

  r.post(
    '/api/v1/utilities/autopay/files/:id/settle',
    {
      schema: {
        tags,
        summary:
          "Mark a file settled: each debit posts an 'ach' payment with a receipt (admin; Idempotency-Key)",
        params: idParams,
        body: settleBody.optional(),
        response: { 200: fileView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: files,
    },
    async (request, reply) => {
      const out = await moneyTx(request, `ach.settle:${request.params.id}`, 200, (ctx) =>
        settleAchFile(ctx, request.params.id, request.body ?? {}),
      );
      return reply.code(out.status).send(out.body);
    },
  );

  r.post(
    '/api/v1/utilities/autopay/entries/:id/return',
    {
      schema: {
        tags,
        summary:
          'Record a return (R01…): the payment reverses and the customer is told (admin; Idempotency-Key)',
        params: idParams,
        body: returnBody,
        response: { 200: entryView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: files,
    },
    async (request, reply) => {
      const out = await moneyTx(request, `ach.return:${request.params.id}`, 200, (ctx) =>
        recordReturn(ctx, request.params.id, request.body),
      );
      return reply.code(out.status).send(out.body);
    },
  );
}
