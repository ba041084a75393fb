import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../../kernel/platform.js';
import { enrolmentRoutes } from './enrolments.js';
import { achFileRoutes } from './files.js';
import { autopayRouteKit } from './kit.js';
import { autopaySettingsRoutes } from './settings.js';

/**
 * Autopay by bank draft: enrolment on an account, the pending entries, ACH files (create,
 * download, settle), returns, and the entity's ACH settings. Bank details leave the server
 * only inside a downloaded ACH file; every JSON answer shows them masked.
 */
export async function utilityAutopayRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const kit = autopayRouteKit(app, platform);
  enrolmentRoutes(kit);
  achFileRoutes(kit);
  autopaySettingsRoutes(kit);
}
