import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withTenant } from '../../../../db/tenant-context.js';
import type { Platform } from '../../../../kernel/platform.js';
import { requireStaff, staffActor } from '../../../identity/index.js';
import type { LedgerContext } from '../../../payments/index.js';
import { Problem } from '../../../../kernel/problem.js';
import { utcToday } from '../fees.js';

/** What every delinquency route file uses: the typed router, permissions and the transaction helper. */
export function delinquencyRouteKit(app: FastifyInstance, platform: Platform) {
  const { db, events, communications } = platform;
  return {
    r: app.withTypeProvider<ZodTypeProvider>(),
    db,
    events,
    communications,
    tags: ['utility billing'],
    read: requireStaff('utilities.read'),
    bill: requireStaff('utilities.bill'),
    admin: requireStaff('utilities.rates'),
    inTx: <T>(request: FastifyRequest, fn: (ctx: LedgerContext) => Promise<T>) =>
      withTenant(db, request.tenant.id, (tx) =>
        fn({ tx, events, communications, actor: staffActor(request) }),
      ),
  };
}

export type DelinquencyRouteKit = ReturnType<typeof delinquencyRouteKit>;

/** A run or a disconnection dated in the future would act on what has not happened yet. */
export function notFuture(day: string) {
  if (day > utcToday()) throw new Problem(400, 'delinquency_date_in_future', { date: day });
}
