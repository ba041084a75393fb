import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../../kernel/platform.js';
import { cycleRoutes } from './cycles.js';
import { statementDocumentRoutes } from './documents.js';
import { billingRouteKit } from './kit.js';
import { statementRoutes } from './statements.js';

/** Billing cycles (calculate, issue) and statements and their PDFs: /dashboard/utilities/cycles and /statements. */
export async function utilityBillingRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const kit = billingRouteKit(app, platform);
  cycleRoutes(kit);
  statementRoutes(kit);
  statementDocumentRoutes(kit);
}
