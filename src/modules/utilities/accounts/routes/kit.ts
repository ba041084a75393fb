import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Tx } from '../../../../db/client.js';
import { withTenant } from '../../../../db/tenant-context.js';
import type { Platform } from '../../../../kernel/platform.js';
import { notFound } from '../../../../kernel/problem.js';
import { requireStaff, staffActor } from '../../../identity/index.js';
import { sourceBalance } from '../../../payments/index.js';
import type { UtilityContext } from '../../shared/index.js';
import { accountById } from '../accounts.js';
import { toAccountView } from '../presenters.js';

const balanceOf = async (tx: Tx, id: string) =>
  (await sourceBalance(tx, { module: 'utilities', id })).balanceCents;

/** What every accounts route file uses: the typed router, permissions and the transaction helper. */
export function accountsRouteKit(app: FastifyInstance, platform: Platform) {
  const { db, events } = platform;
  return {
    r: app.withTypeProvider<ZodTypeProvider>(),
    db,
    tags: ['utilities'],
    read: requireStaff('utilities.read'),
    manage: requireStaff('utilities.manage'),
    inTx: <T>(request: FastifyRequest, fn: (ctx: UtilityContext) => Promise<T>) =>
      withTenant(db, request.tenant.id, (tx) => fn({ tx, events, actor: staffActor(request) })),
    balanceOf,
    /** One account as the API shows it, with its balance (404 when there is none). */
    account: async (tx: Tx, id: string) => {
      const a = await accountById(tx, id);
      if (!a) throw notFound();
      return toAccountView(a, await balanceOf(tx, id));
    },
  };
}

export type AccountsRouteKit = ReturnType<typeof accountsRouteKit>;
