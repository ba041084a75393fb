import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, inTenant } from '../../../kernel/http.js';
import { problems } from '../../../kernel/openapi-problem.js';
import type { Platform } from '../../../kernel/platform.js';
import { requireStaff, staffActor } from '../../identity/index.js';
import { createKey, listKeys, revokeKey } from './keys.js';

const PATH = '/api/v1/requests/admin/open311-keys';

const keyView = z.object({
  id: z.uuid(),
  /** What the key is for, e.g. the app that uses it. */
  label: z.string(),
  /** The key's first characters, to tell keys apart; the key itself is never shown again. */
  prefix: z.string(),
  createdAt: z.string(),
  /** When a request last came with it (Open311 POST requests). */
  lastUsedAt: z.string().nullable(),
  /** Revoked keys are refused (403) and kept for the record. */
  revokedAt: z.string().nullable(),
});
const newKeyBody = z.object({ label: z.string().trim().min(1).max(100) });
/** The new key, with the key itself: shown this once, only its SHA-256 is stored. */
const newKeyView = keyView.extend({ key: z.string() });

/** Open311 API keys: issued and revoked by admins (requests.configure). */
export async function keyRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    PATH,
    {
      schema: {
        tags: ['requests'],
        summary: 'Open311 API keys (never the keys themselves)',
        response: { 200: z.object({ keys: z.array(keyView) }), ...problems(401, 403) },
      },
      preHandler: requireStaff('requests.configure'),
    },
    async (request) => inTenant(platform, request, async (tx) => ({ keys: await listKeys(tx) })),
  );
  r.post(
    PATH,
    {
      schema: {
        tags: ['requests'],
        summary: 'Issue an Open311 API key (shown once)',
        body: newKeyBody,
        response: { 201: newKeyView, ...problems(400, 401, 403) },
      },
      preHandler: requireStaff('requests.configure'),
    },
    async (request, reply) => {
      const key = await inTenant(platform, request, (tx) =>
        createKey(tx, platform.events, staffActor(request), request.body.label),
      );
      return reply.code(201).send(key);
    },
  );
  r.delete(
    `${PATH}/:id`,
    {
      schema: {
        tags: ['requests'],
        summary: 'Revoke an Open311 API key',
        params: idParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      preHandler: requireStaff('requests.configure'),
    },
    async (request, reply) => {
      await inTenant(platform, request, (tx) =>
        revokeKey(tx, platform.events, staffActor(request), request.params.id),
      );
      return reply.code(204).send(null);
    },
  );
}
