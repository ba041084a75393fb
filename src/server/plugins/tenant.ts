import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TenantDirectory } from '../../kernel/tenant.js';
import { Problem } from '../../kernel/problem.js';
import { sendProblem } from './errors.js';

/**
 * Finds the tenant from the request's Host before anything else runs. An unknown host gets a
 * 404 — never some other tenant's data. Platform routes (health, API docs) need no tenant.
 */
export const tenantPlugin = fp(async (app: FastifyInstance, opts: { tenants: TenantDirectory }) => {
  app.decorateRequest('tenant', null as never);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.platformRoute || request.url.startsWith('/api/docs')) return;
    const tenant = await opts.tenants.resolve(request.headers.host);
    if (!tenant) return sendProblem(request, reply, new Problem(404, 'unknown_host'));
    request.tenant = tenant;
  });
});
