import type { FastifyInstance } from 'fastify';
import type { Platform } from './platform.js';

/** Liveness (the process answers) and readiness (the database answers) for load balancers. */
export async function healthRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const hide = { hide: true };
  app.get('/healthz', { config: { platformRoute: true }, schema: hide }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { platformRoute: true }, schema: hide }, async (request, reply) => {
    try {
      await platform.db.rawQuery('SELECT 1');
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
