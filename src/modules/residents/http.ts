import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { withTenant } from '../../db/tenant-context.js';
import type { Platform } from '../../kernel/platform.js';
import { Problem } from '../../kernel/problem.js';
import { findResidentSession, type ResidentPrincipal } from './sessions.js';

export const RESIDENT_COOKIE = 'civq_resident';
/**
 * The resident cookie's Path: the browser sends it to the resident API only — never to
 * /dashboard pages or staff APIs — and the staff guard never reads it either.
 */
export const RESIDENT_API = '/api/v1/resident';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in resident, on /api/v1/resident/… requests with a valid resident session. */
    resident: ResidentPrincipal | null;
  }
}

/** Reads the resident cookie into request.resident, inside the request's tenant, for resident routes only. */
export const residentAuthPlugin = fp(async (app: FastifyInstance, opts: { platform: Platform }) => {
  app.decorateRequest('resident', null);
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith(`${RESIDENT_API}/`)) return;
    const token = request.cookies[RESIDENT_COOKIE];
    if (!token || !request.tenant) return;
    request.resident = await withTenant(opts.platform.db, request.tenant.id, (tx) =>
      findResidentSession(tx, token),
    );
  });
});

const cookieOptions = (secure: boolean) =>
  ({ path: RESIDENT_API, httpOnly: true, sameSite: 'lax', secure }) as const;

export function setResidentCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(RESIDENT_COOKIE, token, cookieOptions(secure));
}

export function clearResidentCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(RESIDENT_COOKIE, cookieOptions(secure));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Guards a resident route: 401 without a session, 403 for a write without the session's CSRF token. */
export const requireResident: preHandlerAsyncHookHandler = async function guard(request: FastifyRequest) {
  const principal = request.resident;
  if (!principal) throw new Problem(401, 'unauthenticated');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    const ok =
      typeof sent === 'string' &&
      sent.length === principal.csrfToken.length &&
      crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(principal.csrfToken));
    if (!ok) throw new Problem(403, 'csrf_failed');
  }
};

export function residentActor(request: FastifyRequest): { type: 'resident'; id: string } {
  if (!request.resident) throw new Problem(401, 'unauthenticated');
  return { type: 'resident', id: request.resident.resident.id };
}
