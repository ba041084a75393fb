import { and, desc, lt, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTenant } from '../../kernel/http.js';
import { requireStaff, staffLabels } from '../identity/index.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { auditLog } from './tables.js';

const auditQuery = z.object({
  /** Page size. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Return entries older than this entry id (paging). */
  before: z.coerce.number().int().positive().optional(),
});

const auditEntry = z.object({
  /** Entry id (use as `before` for the next page). */
  id: z.string(),
  /** When the action happened, ISO 8601. */
  occurredAt: z.string(),
  /** Who did it; null for the public (e.g. a failed sign-in) or the system. */
  actor: z.object({ id: z.string(), label: z.string() }).nullable(),
  /** The event type, e.g. identity.staff.created. */
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  /** What changed. */
  details: z.record(z.string(), z.unknown()),
});

export async function auditRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of staff actions, newest first',
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEntry) }), ...problems(400, 401, 403) },
      },
      preHandler: requireStaff('audit.read'),
    },
    async (request) =>
      inTenant(platform, request, async (tx) => {
        const where: SQL[] = [];
        if (request.query.before) where.push(lt(auditLog.id, request.query.before));
        const rows = await tx
          .select()
          .from(auditLog)
          .where(and(...where))
          .orderBy(desc(auditLog.id))
          .limit(request.query.limit);
        const labels = await staffLabels(tx, [
          ...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : []))),
        ]);
        return {
          items: rows.map((r) => ({
            id: String(r.id),
            occurredAt: r.occurredAt.toISOString(),
            actor: r.actorId ? { id: r.actorId, label: labels.get(r.actorId) ?? r.actorId } : null,
            action: r.action,
            subjectType: r.subjectType,
            subjectId: r.subjectId,
            details: r.details,
          })),
        };
      }),
  );
}
