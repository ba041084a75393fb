import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withTenant } from '../../../../db/tenant-context.js';
import type { Platform } from '../../../../kernel/platform.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { requireStaff } from '../../../identity/index.js';
import { dashboardView, utilityDashboard } from '../dashboard.js';

/** The Utility Billing home's figures (/dashboard/utilities). */
export async function utilityDashboardRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/utilities/dashboard',
    {
      schema: {
        tags: ['utility billing'],
        summary:
          'Utility Billing home: revenue collected, outstanding balance, accounts, delinquent statements, billed vs collected by month, largest balances',
        response: { 200: dashboardView, ...problems(401, 403) },
      },
      preHandler: requireStaff('utilities.read'),
    },
    async (request) =>
      withTenant(platform.db, request.tenant.id, (tx) =>
        utilityDashboard(tx, new Date().toISOString().slice(0, 10)),
      ),
  );
}
