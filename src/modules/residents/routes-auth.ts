import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { inTenant } from '../../kernel/http.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { ResidentsEvents } from './events.js';
import {
  clearResidentCookie,
  requireResident,
  residentActor,
  RESIDENT_API,
  setResidentCookie,
} from './http.js';
import { loginOptions, signInWithPasskey, type RelyingParty } from './passkeys.js';
import {
  acceptedView,
  emailBody,
  loginBody,
  passkeyLoginBody,
  passkeyOptionsView,
  residentSessionView,
  resetBody,
  signUpBody,
  verifyEmailBody,
} from './schema.js';
import {
  forgotPassword,
  resendVerification,
  resetPassword,
  signIn,
  signUp,
  verifyEmail,
  type ResidentContext,
  type SignInOutcome,
} from './service.js';
import { closeResidentSession } from './sessions.js';
import type { Resident } from './tables.js';

/** The relying party of a passkey ceremony: the tenant host this request came to. */
export function relyingParty(request: FastifyRequest): RelyingParty {
  const host = request.headers.host ?? request.hostname;
  return {
    id: request.hostname,
    name: request.tenant.name[request.lang],
    origin: `${request.protocol}://${host}`,
  };
}

export function sessionBody(request: FastifyRequest, resident: Resident, csrfToken: string) {
  const { slug, name, logoUrl } = request.tenant;
  return {
    resident: { id: resident.id, email: resident.email, language: resident.locale },
    tenant: { slug, name, logoUrl },
    csrfToken,
  };
}

/** Sign-up, email verification, sign-in (password or passkey), sign-out, forgot and reset password. */
export async function residentAuthRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = platform.config.env === 'production';
  const tags = ['resident account'];
  const run = <T>(request: FastifyRequest, fn: (ctx: ResidentContext) => Promise<T>) =>
    inTenant(platform, request, (tx) =>
      fn({ tx, events: platform.events, communications: platform.communications, config: platform.config }),
    );
  const finish = (
    outcome: SignInOutcome,
    request: FastifyRequest,
    reply: Parameters<typeof setResidentCookie>[0],
  ) => {
    if (!outcome.ok) throw outcome.problem;
    setResidentCookie(reply, outcome.token, secure);
    return sessionBody(request, outcome.resident, outcome.csrfToken);
  };
  const accepted = { status: 'accepted' as const };

  r.post(
    `${RESIDENT_API}/signup`,
    {
      schema: {
        tags,
        summary: 'Create a resident account (a verification code is emailed)',
        body: signUpBody,
        response: { 202: acceptedView, ...problems(400, 429) },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await run(request, (ctx) =>
        signUp(ctx, { ...request.body, language: request.body.language ?? request.lang }),
      );
      return reply.code(202).send(accepted);
    },
  );

  r.post(
    `${RESIDENT_API}/verify-email`,
    {
      schema: {
        tags,
        summary: 'Confirm the email with its code; signs the resident in',
        body: verifyEmailBody,
        response: { 200: residentSessionView, ...problems(400, 429) },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      finish(
        await run(request, (ctx) => verifyEmail(ctx, request.body.email, request.body.code)),
        request,
        reply,
      ),
  );

  r.post(
    `${RESIDENT_API}/verify-email/resend`,
    {
      schema: {
        tags,
        summary: 'Send a new verification code',
        body: emailBody,
        response: { 202: acceptedView, ...problems(400, 429) },
      },
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await run(request, (ctx) => resendVerification(ctx, request.body.email));
      return reply.code(202).send(accepted);
    },
  );

  r.post(
    `${RESIDENT_API}/login`,
    {
      schema: {
        tags,
        summary: 'Sign in with email and password',
        body: loginBody,
        response: { 200: residentSessionView, ...problems(400, 401, 403, 429) },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      finish(
        await run(request, (ctx) => signIn(ctx, request.body.email, request.body.password)),
        request,
        reply,
      ),
  );

  r.post(
    `${RESIDENT_API}/passkeys/login/options`,
    {
      schema: {
        tags,
        summary: 'Start a passkey sign-in',
        response: { 200: passkeyOptionsView, ...problems(429) },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request) => run(request, (ctx) => loginOptions(ctx, relyingParty(request))),
  );

  r.post(
    `${RESIDENT_API}/passkeys/login`,
    {
      schema: {
        tags,
        summary: 'Finish a passkey sign-in',
        body: passkeyLoginBody,
        response: { 200: residentSessionView, ...problems(400, 429) },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      finish(
        await run(request, (ctx) =>
          signInWithPasskey(ctx, relyingParty(request), {
            challengeId: request.body.challengeId,
            response: request.body.response as unknown as AuthenticationResponseJSON,
          }),
        ),
        request,
        reply,
      ),
  );

  r.post(
    `${RESIDENT_API}/logout`,
    {
      schema: {
        tags,
        summary: 'Sign out',
        response: { 204: z.null().describe('Signed out'), ...problems(401, 403) },
      },
      preHandler: requireResident,
    },
    async (request, reply) => {
      const principal = request.resident!;
      await run(request, async (ctx) => {
        await closeResidentSession(ctx.tx, principal.sessionTokenHash);
        await ctx.events.record(ctx.tx, {
          type: ResidentsEvents.signedOut,
          subjectType: 'resident',
          subjectId: principal.resident.id,
          actor: residentActor(request),
        });
      });
      clearResidentCookie(reply, secure);
      return reply.code(204).send(null);
    },
  );

  r.get(
    `${RESIDENT_API}/me`,
    {
      schema: {
        tags,
        summary: 'The signed-in resident',
        response: { 200: residentSessionView, ...problems(401) },
      },
      preHandler: requireResident,
    },
    async (request) => sessionBody(request, request.resident!.resident, request.resident!.csrfToken),
  );

  r.post(
    `${RESIDENT_API}/password/forgot`,
    {
      schema: {
        tags,
        summary: 'Email a password reset link',
        body: emailBody,
        response: { 202: acceptedView, ...problems(400, 429) },
      },
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await run(request, (ctx) => forgotPassword(ctx, request.body.email, request.lang));
      return reply.code(202).send(accepted);
    },
  );

  r.post(
    `${RESIDENT_API}/password/reset`,
    {
      schema: {
        tags,
        summary: 'Set a new password from a reset link (ends every session)',
        body: resetBody,
        response: { 204: z.null().describe('Password changed'), ...problems(400, 429) },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      await run(request, (ctx) => resetPassword(ctx, request.body.token, request.body.password));
      return reply.code(204).send(null);
    },
  );
}
