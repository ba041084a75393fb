import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { withTenant } from '../../db/tenant-context.js';
import { t } from '../../lib/i18n.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { notFound } from '../../kernel/problem.js';
import { requireStaff, staffActor, staffNames } from '../identity/index.js';
import { sourceBalance } from '../payments/index.js';
import {
  accountById,
  closeAccount,
  openAccount,
  reopenAccount,
  searchAccounts,
  updateAccount,
  type UtilityContext,
} from './accounts.js';
import { importReads } from './import.js';
import { flagMissingReads, missingReadsBody } from './missing.js';
import {
  createMeter,
  installMeter,
  meterById,
  metersOfAccount,
  moveMeter,
  readsOfAccount,
  removeMeter,
  swapMeter,
} from './meters.js';
import { listExceptions, recordRead, resolveException } from './review.js';
import {
  accountListQuery,
  closeAccountBody,
  EXCEPTION_KINDS,
  idParams,
  installMeterBody,
  moveMeterBody,
  newMeterBody,
  openAccountBody,
  readBody,
  removeMeterBody,
  resolveExceptionBody,
  swapMeterBody,
  updateAccountBody,
} from './schema.js';
import { accountView, meterView, toAccountView, toMeterView } from './views.js';

const balanceOf = async (tx: Tx, id: string) =>
  (await sourceBalance(tx, { module: 'utilities', id })).balanceCents;

/** Staff API of utility accounts, meters, readings and the exceptions review. */
export async function utilitiesRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, events } = platform;
  const tags = ['utilities'];
  const read = requireStaff('utilities.read');
  const manage = requireStaff('utilities.manage');
  const inTx = <T>(request: FastifyRequest, fn: (ctx: UtilityContext) => Promise<T>) =>
    withTenant(db, request.tenant.id, (tx) => fn({ tx, events, actor: staffActor(request) }));
  const account = async (tx: Tx, id: string) => {
    const a = await accountById(tx, id);
    if (!a) throw notFound();
    return toAccountView(a, await balanceOf(tx, id));
  };

  r.get(
    '/api/v1/utilities/accounts',
    {
      schema: {
        tags,
        summary: 'Accounts: filter by status; search by account number, name or address (accent-insensitive)',
        querystring: accountListQuery,
        response: {
          200: z.object({
            items: z.array(accountView),
            total: z.number().int(),
            /** true when there are more than `total` (the count stops at 10,000). */
            totalCapped: z.boolean(),
          }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const found = await searchAccounts(tx, request.query);
        const items = [];
        for (const a of found.items) items.push(toAccountView(a, await balanceOf(tx, a.id)));
        return { items, total: found.total, totalCapped: found.totalCapped };
      }),
  );

  r.post(
    '/api/v1/utilities/accounts',
    {
      schema: {
        tags,
        summary: 'Open an account; answers with its account number',
        body: openAccountBody,
        response: { 201: accountView, ...problems(400, 401, 403) },
      },
      preHandler: manage,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inTx(request, async (ctx) => toAccountView(await openAccount(ctx, request.body), 0))),
  );

  r.get(
    '/api/v1/utilities/accounts/:id',
    {
      schema: {
        tags,
        summary: 'One account with its meters (current and past)',
        params: idParams,
        response: {
          200: accountView.extend({
            meters: z.array(
              meterView.extend({
                installedOn: z.string(),
                removedOn: z.string().nullable(),
                /** The account the meter is on now, when that is another one (it was moved). */
                nowOnAccountNumber: z.string().nullable(),
              }),
            ),
          }),
          ...problems(401, 403, 404),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => ({
        ...(await account(tx, request.params.id)),
        meters: (await metersOfAccount(tx, request.params.id)).map((m) => ({
          ...toMeterView(m),
          installedOn: m.installed_on,
          removedOn: m.removed_on,
          nowOnAccountNumber: m.now_on_account_number,
        })),
      })),
  );

  r.patch(
    '/api/v1/utilities/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Change an account (each change is in the audit log)',
        params: idParams,
        body: updateAccountBody,
        response: { 200: accountView, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        await updateAccount(ctx, request.params.id, request.body);
        return account(ctx.tx, request.params.id);
      }),
  );

  r.post(
    '/api/v1/utilities/accounts/:id/close',
    {
      schema: {
        tags,
        summary: 'Close an account with the final read of each of its meters',
        params: idParams,
        body: closeAccountBody,
        response: { 200: accountView, ...problems(400, 401, 403, 404, 409, 422) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        await closeAccount(ctx, request.params.id, request.body, async (meterId, on, finalRead) => {
          await removeMeter(ctx, meterId, { removedOn: on, finalRead });
        });
        return account(ctx.tx, request.params.id);
      }),
  );

  r.post(
    '/api/v1/utilities/accounts/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed account',
        params: idParams,
        response: { 200: accountView, ...problems(401, 403, 404, 409) },
      },
      preHandler: manage,
    },
    async (request) =>
      inTx(request, async (ctx) => {
        await reopenAccount(ctx, request.params.id);
        return account(ctx.tx, request.params.id);
      }),
  );

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

  const readView = z.object({
    id: z.uuid(),
    readOn: z.string(),
    value: z.number().int(),
    method: z.string(),
    purpose: z.string(),
    consumption: z.number().int().nullable(),
    rollover: z.boolean(),
    serial: z.string(),
  });

  r.get(
    '/api/v1/utilities/accounts/:id/reads',
    {
      schema: {
        tags,
        summary: 'Readings of the meters that served an account, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(readView) }), ...problems(401, 403, 404) },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        await account(tx, request.params.id);
        return { items: await readsOfAccount(tx, request.params.id) };
      }),
  );

  r.post(
    '/api/v1/utilities/reads',
    {
      schema: {
        tags,
        summary: 'Enter a reading by hand',
        body: readBody,
        response: {
          201: z.object({
            id: z.uuid(),
            consumption: z.number().int().nullable(),
            exception: z.string().nullable(),
          }),
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
      preHandler: manage,
    },
    async (request, reply) => {
      const stored = await inTx(request, (ctx) => recordRead(ctx, request.body));
      return reply
        .code(201)
        .send({ id: stored.id, consumption: stored.consumption, exception: stored.exception });
    },
  );

  r.post(
    '/api/v1/utilities/reads/import',
    {
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import readings from a meter-reading system CSV (see docs/utilities.md for columns)',
        body: z.object({
          fileName: z.string().trim().min(1).max(200),
          csv: z.string().min(1),
          mapping: z
            .object({
              serial: z.string().max(60).optional(),
              readOn: z.string().max(60).optional(),
              value: z.string().max(60).optional(),
              method: z.string().max(60).optional(),
            })
            .optional(),
        }),
        response: {
          200: z.object({
            importId: z.uuid(),
            rowsTotal: z.number().int(),
            rowsStored: z.number().int(),
            rowsDuplicate: z.number().int(),
            rowsRejected: z.number().int(),
            exceptions: z.number().int(),
            rejected: z.array(
              z.object({
                line: z.number().int(),
                code: z.string(),
                serial: z.string().optional(),
                message: z.string(),
              }),
            ),
          }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: manage,
    },
    async (request) => {
      const result = await inTx(request, (ctx) => importReads(ctx, request.body));
      return {
        ...result,
        rejected: result.rejected.map((x) => ({
          ...x,
          message: t(request.lang, `errors:readRejection.${x.code}`),
        })),
      };
    },
  );

  r.post(
    '/api/v1/utilities/reads/missing',
    {
      schema: {
        tags,
        summary: 'Flag meters with no reading in a read window; add estimated reads where history allows',
        body: missingReadsBody,
        response: {
          200: z.object({ missing: z.number().int(), estimated: z.number().int() }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: manage,
    },
    async (request) => inTx(request, (ctx) => flagMissingReads(ctx, request.body)),
  );

  r.get(
    '/api/v1/utilities/exceptions',
    {
      schema: {
        tags,
        summary: 'Reading exceptions to review before billing',
        querystring: z.object({
          status: z.enum(['open', 'accepted', 'corrected', 'reread']).default('open'),
          /** Only this account's exceptions. */
          accountId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            total: z.number().int(),
            items: z.array(
              z.object({
                id: z.uuid(),
                kind: z.enum(EXCEPTION_KINDS),
                status: z.string(),
                details: z.record(z.string(), z.unknown()),
                note: z.string().nullable(),
                meterId: z.uuid(),
                serial: z.string(),
                accountId: z.string().nullable(),
                accountNumber: z.string().nullable(),
                customerName: z.string().nullable(),
                readOn: z.string().nullable(),
                value: z.number().nullable(),
                consumption: z.number().nullable(),
                createdAt: z.string(),
                /** Who accepted, corrected or sent it for a re-read, and when (null while open). */
                resolvedBy: z.string().nullable(),
                resolvedAt: z.string().nullable(),
              }),
            ),
          }),
          ...problems(400, 401, 403),
        },
      },
      preHandler: read,
    },
    async (request) =>
      withTenant(db, request.tenant.id, async (tx) => {
        const found = await listExceptions(tx, request.query);
        const names = await staffNames(
          tx,
          found.items.flatMap((e) => (e.resolved_by ? [e.resolved_by] : [])),
        );
        return {
          total: found.total,
          items: found.items.map((e) => ({
            id: e.id,
            kind: e.kind as (typeof EXCEPTION_KINDS)[number],
            status: e.status,
            details: e.details,
            note: e.note,
            meterId: e.meter_id,
            serial: e.serial,
            accountId: e.account_id,
            accountNumber: e.account_number,
            customerName: e.customer_name,
            readOn: e.read_on,
            value: e.value === null ? null : Number(e.value),
            consumption: e.consumption === null ? null : Number(e.consumption),
            createdAt: new Date(e.created_at).toISOString(),
            resolvedBy: e.resolved_by ? (names.get(e.resolved_by) ?? null) : null,
            resolvedAt: e.resolved_at ? new Date(e.resolved_at).toISOString() : null,
          })),
        };
      }),
  );

  r.post(
    '/api/v1/utilities/exceptions/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Accept, correct or send for re-read',
        params: idParams,
        body: resolveExceptionBody,
        response: {
          200: z.object({ id: z.uuid(), status: z.string() }),
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
      preHandler: manage,
    },
    async (request) => inTx(request, (ctx) => resolveException(ctx, request.params.id, request.body)),
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
