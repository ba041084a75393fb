import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import { t } from '../../../../lib/i18n.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { importReads } from '../import.js';
import { flagMissingReads, missingReadsBody } from '../missing-reads.js';
import { readsOfAccount } from '../meters.js';
import { recordRead } from '../exceptions.js';
import { readBody } from '../schemas.js';
import { idParams } from '../../shared/index.js';
import { importResultView, readView, storedReadView } from '../presenters.js';
import type { AccountsRouteKit } from './kit.js';

/** Readings: by hand, CSV import, missing reads and an account's history. */
export function readRoutes({ r, db, tags, read, manage, inTx, account }: AccountsRouteKit): void {
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
          201: storedReadView,
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
          200: importResultView,
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
}
