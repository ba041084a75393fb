import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTenant } from '../../../../db/tenant-context.js';
import type { Platform } from '../../../../kernel/platform.js';
import { problems } from '../../../../kernel/openapi-problem.js';
import { lookupBalance } from '../lookup.js';
import { lookupView } from '../presenters.js';

/** The resident portal's balance lookup: public, rate-limited per client address. */
export async function utilitiesPortalRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/portal/utilities/lookup',
    {
      schema: {
        tags: ['portal'],
        summary: 'Balance due, due date and last bill of an account number (masked name only)',
        body: z.object({ accountNumber: z.string().trim().min(1).max(40) }),
        response: {
          200: lookupView,
          ...problems(400, 404, 429),
        },
      },
      // Ten tries a minute is plenty for a person and makes guessing numbers hopeless.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) =>
      withTenant(platform.db, request.tenant.id, (tx) => lookupBalance(tx, request.body.accountNumber)),
  );
}
