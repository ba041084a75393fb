import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inTenant } from '../../kernel/http.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { notFound } from '../../kernel/problem.js';
import { requireStaff } from '../identity/index.js';
import { accountById } from '../utilities/index.js';
import { residentsLinkedTo } from './claims.js';
import { idParams, linkedResidentsView } from './schema.js';

/** Staff side: which resident accounts are linked to a utility account (the household). */
export async function residentStaffRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/utilities/accounts/:id/residents',
    {
      schema: {
        tags: ['utilities'],
        summary: 'Resident accounts linked to this utility account',
        params: idParams,
        response: { 200: linkedResidentsView, ...problems(401, 403, 404) },
      },
      preHandler: requireStaff('utilities.read'),
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        if (!(await accountById(tx, request.params.id))) throw notFound();
        const rows = await residentsLinkedTo(tx, 'utilities', request.params.id);
        return {
          items: rows.map(({ phoneVerifiedAt, smsConsentAt, ...r }) => ({
            ...r,
            linkedAt: r.linkedAt.toISOString(),
            phoneVerified: phoneVerifiedAt !== null,
            smsConsentAt: smsConsentAt?.toISOString() ?? null,
          })),
        };
      }),
  );
}
