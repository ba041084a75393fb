import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { idParams, inTenant } from '../../kernel/http.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { listDevices, removeDevice, subscribe, vapidKeys, type PushDevice } from '../communications/index.js';
import { requireResident, RESIDENT_API } from './http.js';

const deviceView = z.object({
  /** The subscription's id, for removing it. */
  id: z.uuid(),
  /** Browser and system, e.g. "Chrome · Android"; empty when the browser did not say. */
  device: z.string(),
  createdAt: z.iso.datetime(),
  /** When a notice last reached this browser. */
  lastSentAt: z.iso.datetime().nullable(),
});

/** PushSubscription.toJSON() of the browser (expirationTime is accepted and not kept). */
const subscribeBody = z.object({
  /** The push service URL for this browser; https only. */
  endpoint: z.string().min(1).max(2000),
  keys: z.object({
    /** The browser's P-256 public key, base64url (RFC 8291). */
    p256dh: z.string().min(1).max(200),
    /** The browser's 16-byte authentication secret, base64url. */
    auth: z.string().min(1).max(100),
  }),
  expirationTime: z.number().nullish(),
});

const view = (d: PushDevice) => ({
  id: d.id,
  device: d.device,
  createdAt: d.createdAt.toISOString(),
  lastSentAt: d.lastSentAt?.toISOString() ?? null,
});

/**
 * Browser notifications: the install's VAPID public key (what a browser subscribes with), and
 * the signed-in resident's subscribed devices. Under /api/v1/resident like the other account
 * routes, because that is where the resident cookie is sent.
 */
export async function residentPushRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['resident account'];
  const run = <T>(request: FastifyRequest, fn: (tx: Tx) => Promise<T>) => inTenant(platform, request, fn);
  const me = (request: FastifyRequest) => request.resident!.resident;

  r.get(
    `${RESIDENT_API}/push/vapid-public-key`,
    {
      schema: {
        tags: ['push'],
        summary: "The install's VAPID public key (applicationServerKey for PushManager.subscribe)",
        response: { 200: z.object({ publicKey: z.string() }) },
      },
    },
    async (_request, reply) => {
      const keys = await vapidKeys(platform.db, platform.config);
      return reply.header('cache-control', 'no-cache').send({ publicKey: keys.publicKey });
    },
  );

  r.get(
    `${RESIDENT_API}/push-subscriptions`,
    {
      schema: {
        tags,
        summary: 'Browsers of this account that receive notifications',
        response: { 200: z.object({ items: z.array(deviceView) }), ...problems(401) },
      },
      preHandler: requireResident,
    },
    async (request) => ({ items: (await run(request, (tx) => listDevices(tx, me(request).id))).map(view) }),
  );

  r.post(
    `${RESIDENT_API}/push-subscriptions`,
    {
      schema: {
        tags,
        summary: "Store this browser's push subscription",
        body: subscribeBody,
        response: { 201: deviceView, ...problems(400, 401, 403, 422, 429) },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      preHandler: requireResident,
    },
    async (request, reply) => {
      const device = await run(request, (tx) =>
        subscribe(tx, me(request).id, request.body, request.headers['user-agent']),
      );
      return reply.code(201).send(view(device));
    },
  );

  r.delete(
    `${RESIDENT_API}/push-subscriptions/:id`,
    {
      schema: {
        tags,
        summary: 'Stop notifications to one browser',
        params: idParams,
        response: { 204: z.null().describe('Removed'), ...problems(400, 401, 403, 404) },
      },
      preHandler: requireResident,
    },
    async (request, reply) => {
      await run(request, (tx) => removeDevice(tx, me(request).id, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
