import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../kernel/openapi-problem.js';

const tenantView = z.object({
  /** Short name of the entity, used in URLs and the CLI. */
  slug: z.string(),
  /** The entity's name in English and Spanish. */
  name: z.object({ en: z.string(), es: z.string() }),
  /** Logo shown in the header, if set. */
  logoUrl: z.string().nullable(),
});

export async function tenancyRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/tenant',
    {
      schema: {
        tags: ['tenant'],
        summary: 'The entity this host serves (public)',
        response: { 200: tenantView, ...problems(404) },
      },
    },
    async (request) => {
      const { slug, name, logoUrl } = request.tenant;
      return { slug, name, logoUrl };
    },
  );
}
