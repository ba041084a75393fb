import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { withTenant } from '../../db/tenant-context.js';
import { createSealer } from '../../lib/sealed.js';
import { idempotent } from '../../kernel/idempotency.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { notFound } from '../../kernel/problem.js';
import { requireStaff, staffActor } from '../identity/index.js';
import { accountById } from './accounts.js';
import {
  BANK_DETAILS_PURPOSE,
  cancelAutopay,
  enrolAutopay,
  enrolBody,
  enrolmentsOfAccount,
  enrolmentView,
} from './autopay.js';
import {
  achFileText,
  createAchFile,
  recordReturn,
  returnBody,
  settleAchFile,
  settleBody,
  type FilesContext,
} from './autopay-files.js';
import { entryListQuery, entryView, fileById, fileView, listEntries, listFiles } from './autopay-views.js';
import {
  autopaySettings,
  autopaySettingsBody,
  autopaySettingsView,
  saveAutopaySettings,
} from './autopay-settings.js';
import { idParams } from './schema.js';

/**
 * Autopay by bank draft: enrolment on an account, the pending entries, ACH files (create,
 * download, settle), returns, and the entity's ACH settings. Bank details leave the server
 * only inside a downloaded ACH file; every JSON answer shows them masked.
 */
export async function utilityAutopayRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, events, communications, config } = platform;
  const sealer = createSealer([config.secret, ...config.previousSecrets], BANK_DETAILS_PURPOSE);
  const tags = ['utility autopay'];
  const read = requireStaff('utilities.read');
  const enrol = requireStaff('utilities.autopay.enrol');
  const files = requireStaff('utilities.autopay.files');
  const inTx = <T>(request: FastifyRequest, fn: (ctx: FilesContext) => Promise<T>) =>
    withTenant(db, request.tenant.id, (tx) =>
      fn({
        tx,
        events,
        communications,
        sealer,
        actor: staffActor(request),
        entityName: request.tenant.name.en,
      }),
    );
  /** Money moves (settle, return): behind an Idempotency-Key, answered once. */
  const moneyTx = <T, S extends 200 | 201>(
    request: FastifyRequest,
    scope: string,
    status: S,
    fn: (ctx: FilesContext) => Promise<T>,
  ) =>
    inTx(request, (ctx) =>
      idempotent(ctx.tx as Tx, request, `${request.staff!.user.id}:${scope}`, async () => ({
        status,
        body: await fn(ctx),
      })).then((out) => ({ ...out, status: out.status as S })),
    );

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

  r.get(
    '/api/v1/utilities/autopay/settings',
    {
      schema: {
        tags,
        summary: "The entity's ACH company and bank (ODFI) settings (admin)",
        response: { 200: autopaySettingsView, ...problems(401, 403) },
      },
      preHandler: files,
    },
    async (request) => inTx(request, (ctx) => autopaySettings(ctx.tx, ctx.entityName)),
  );

  r.put(
    '/api/v1/utilities/autopay/settings',
    {
      schema: {
        tags,
        summary: "Save the entity's ACH company and bank (ODFI) settings (admin)",
        body: autopaySettingsBody,
        response: { 200: autopaySettingsView, ...problems(400, 401, 403) },
      },
      preHandler: files,
    },
    async (request) => inTx(request, (ctx) => saveAutopaySettings(ctx, request.body)),
  );
}
