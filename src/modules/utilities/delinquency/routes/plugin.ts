import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../../kernel/platform.js';
import { delinquencyRoutes } from './delinquencies.js';
import { disconnectionRoutes } from './disconnections.js';
import { delinquencyRouteKit } from './kit.js';

/** Delinquency (/dashboard/utilities/delinquencies): rules, the daily run, the list, shutoff and reconnection. */
export async function utilityDelinquencyRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const kit = delinquencyRouteKit(app, platform);
  delinquencyRoutes(kit);
  disconnectionRoutes(kit);
}
