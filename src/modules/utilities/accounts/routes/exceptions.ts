import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { staffNames } from '../../../identity/index.js';
import { listExceptions, resolveException } from '../exceptions.js';
import { EXCEPTION_KINDS, EXCEPTION_STATUSES, resolveExceptionBody } from '../schemas.js';
import { exceptionView } from '../presenters.js';
import { idParams } from '../../shared/index.js';
import type { AccountsRouteKit } from './kit.js';

/** The exceptions review of readings before billing. */
export function exceptionRoutes({ r, db, tags, read, manage, inTx }: AccountsRouteKit): void {
  r.get(
    '/api/v1/utilities/exceptions',
    {
      schema: {
        tags,
        summary: 'Reading exceptions to review before billing',
        querystring: z.object({
          status: z.enum(EXCEPTION_STATUSES).default('open'),
          /** Only this account's exceptions. */
          accountId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            total: z.number().int(),
            items: z.array(exceptionView),
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
}
