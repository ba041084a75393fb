import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Tx } from '../../../../db/client.js';
import { withTenant } from '../../../../db/tenant-context.js';
import { createSealer } from '../../../../lib/sealed.js';
import { idempotent } from '../../../../kernel/idempotency.js';
import type { Platform } from '../../../../kernel/platform.js';
import { requireStaff, staffActor } from '../../../identity/index.js';
import { BANK_DETAILS_PURPOSE } from '../enrolment.js';
import type { FilesContext } from '../files.js';

/** What every autopay route file uses: the typed router, permissions and the transaction helpers. */
export function autopayRouteKit(app: FastifyInstance, platform: Platform) {
  const { db, events, communications, config } = platform;
  const sealer = createSealer([config.secret, ...config.previousSecrets], BANK_DETAILS_PURPOSE);
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
  return {
    r: app.withTypeProvider<ZodTypeProvider>(),
    db,
    tags: ['utility autopay'],
    read: requireStaff('utilities.read'),
    enrol: requireStaff('utilities.autopay.enrol'),
    files: requireStaff('utilities.autopay.files'),
    inTx,
    moneyTx,
  };
}

export type AutopayRouteKit = ReturnType<typeof autopayRouteKit>;
