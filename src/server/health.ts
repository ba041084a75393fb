import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from './platform.js';

const health = z.object({ status: z.enum(['ok', 'ready', 'unavailable']) });

/** Liveness (the process answers) and readiness (the database answers) for load balancers. */
export async function healthRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { platformRoute: true };
  r.get(
    '/healthz',
    {
      config,
      schema: { tags: ['platform'], summary: 'Liveness: the process answers', response: { 200: health } },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/readyz',
    {
      config,
      schema: {
        tags: ['platform'],
        summary: 'Readiness: the database answers (503 when it does not)',
        response: { 200: health, 503: health },
      },
    },
    async (request, reply) => {
      try {
        await platform.db.rawQuery('SELECT 1');
        return { status: 'ready' as const };
      } catch (err) {
        request.log.warn({ err }, 'database not reachable');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );
}
