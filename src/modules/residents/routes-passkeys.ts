import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { inTenant } from '../../kernel/http.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { requireResident, RESIDENT_API } from './http.js';
import { listPasskeys, registerPasskey, registrationOptions, removePasskey } from './passkeys.js';
import { relyingParty } from './routes-auth.js';
import { idParams, passkeyOptionsView, passkeyRegisterBody, passkeyView } from './schema.js';
import type { ResidentContext } from './service.js';

const view = (p: { id: string; label: string; createdAt: Date; lastUsedAt: Date | null }) => ({
  id: p.id,
  label: p.label,
  createdAt: p.createdAt.toISOString(),
  lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
});

/** Adding, listing and removing passkeys of the signed-in resident. */
export async function residentPasskeyRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['resident account'];
  const run = <T>(request: FastifyRequest, fn: (ctx: ResidentContext) => Promise<T>) =>
    inTenant(platform, request, (tx) =>
      fn({ tx, events: platform.events, communications: platform.communications, config: platform.config }),
    );
  const me = (request: FastifyRequest) => request.resident!.resident;

  r.get(
    `${RESIDENT_API}/passkeys`,
    {
      schema: {
        tags,
        summary: 'Passkeys of this account',
        response: { 200: z.object({ items: z.array(passkeyView) }), ...problems(401) },
      },
      preHandler: requireResident,
    },
    async (request) => ({
      items: (await run(request, (ctx) => listPasskeys(ctx, me(request).id))).map(view),
    }),
  );

  r.post(
    `${RESIDENT_API}/passkeys/registration/options`,
    {
      schema: {
        tags,
        summary: 'Start adding a passkey',
        response: { 200: passkeyOptionsView, ...problems(401, 403) },
      },
      preHandler: requireResident,
    },
    async (request) => run(request, (ctx) => registrationOptions(ctx, relyingParty(request), me(request))),
  );

  r.post(
    `${RESIDENT_API}/passkeys`,
    {
      schema: {
        tags,
        summary: 'Finish adding a passkey',
        body: passkeyRegisterBody,
        response: { 201: passkeyView, ...problems(400, 401, 403, 409) },
      },
      preHandler: requireResident,
    },
    async (request, reply) => {
      const row = await run(request, (ctx) =>
        registerPasskey(ctx, relyingParty(request), me(request), {
          challengeId: request.body.challengeId,
          label: request.body.label,
          response: request.body.response as unknown as RegistrationResponseJSON,
        }),
      );
      return reply.code(201).send(view(row));
    },
  );

  r.delete(
    `${RESIDENT_API}/passkeys/:id`,
    {
      schema: {
        tags,
        summary: 'Remove a passkey',
        params: idParams,
        response: { 204: z.null().describe('Removed'), ...problems(401, 403, 404) },
      },
      preHandler: requireResident,
    },
    async (request, reply) => {
      await run(request, (ctx) => removePasskey(ctx, me(request).id, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
