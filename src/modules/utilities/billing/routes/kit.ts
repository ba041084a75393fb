import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withTenant } from '../../../../db/tenant-context.js';
import type { Platform } from '../../../../kernel/platform.js';
import { notFound } from '../../../../kernel/problem.js';
import { requireStaff, staffActor } from '../../../identity/index.js';
import type { LedgerContext } from '../../../payments/index.js';
import { cycleById, cycleRunCounts } from '../cycles.js';
import { toCycleView } from '../presenters.js';

/** What every billing route file uses: the typed router, permissions and the transaction helper. */
export function billingRouteKit(app: FastifyInstance, platform: Platform) {
  const { db, events, communications, config } = platform;
  return {
    r: app.withTypeProvider<ZodTypeProvider>(),
    db,
    events,
    communications,
    config,
    tags: ['utility billing'],
    read: requireStaff('utilities.read'),
    bill: requireStaff('utilities.bill'),
    voidPerm: requireStaff('utilities.void'),
    inTx: <T>(request: FastifyRequest, fn: (ctx: LedgerContext) => Promise<T>) =>
      withTenant(db, request.tenant.id, (tx) =>
        fn({ tx, events, communications, actor: staffActor(request) }),
      ),
    /** One cycle as the API shows it, with the counts of its run (404 when there is none). */
    cycleWithCounts: async (ctx: Pick<LedgerContext, 'tx'>, id: string) => {
      const c = await cycleById(ctx.tx, id);
      if (!c) throw notFound();
      return { ...toCycleView(c), counts: await cycleRunCounts(ctx.tx, id) };
    },
  };
}

export type BillingRouteKit = ReturnType<typeof billingRouteKit>;
