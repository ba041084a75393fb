import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../../kernel/platform.js';
import { accountRoutes } from './accounts.js';
import { exceptionRoutes } from './exceptions.js';
import { accountsRouteKit } from './kit.js';
import { meterRoutes } from './meters.js';
import { readRoutes } from './reads.js';

/** Staff API of utility accounts, meters, readings and the exceptions review. */
export async function utilitiesRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const kit = accountsRouteKit(app, platform);
  accountRoutes(kit);
  meterRoutes(kit);
  readRoutes(kit);
  exceptionRoutes(kit);
}
