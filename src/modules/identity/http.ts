import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { withTenant } from '../../db/tenant-context.js';
import type { Platform } from '../../kernel/platform.js';
import { Problem } from '../../kernel/problem.js';
import { can, type Permission } from './permissions.js';
import { findSession, type StaffPrincipal } from './sessions.js';

export const STAFF_COOKIE = 'civq_staff';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff user, when the request carries a valid staff session cookie. */
    staff: StaffPrincipal | null;
  }
}

/**
 * Reads the staff session cookie into request.staff. The session is looked up inside the
 * request's tenant, so a cookie from tenant A is simply unknown on tenant B's host.
 */
export const staffAuthPlugin = fp(async (app: FastifyInstance, opts: { platform: Platform }) => {
  app.decorateRequest('staff', null);
  app.addHook('preHandler', async (request) => {
    const token = request.cookies[STAFF_COOKIE];
    if (!token || !request.tenant) return;
    request.staff = await withTenant(opts.platform.db, request.tenant.id, (tx) => findSession(tx, token));
  });
});

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(STAFF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(STAFF_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Guards a staff route: 401 without a session, 403 without the permission, and 403 for a
 * cookie-authenticated write whose x-csrf-token header does not match the session's token.
 */
export function requireStaff(permission?: Permission): preHandlerAsyncHookHandler {
  return async function guard(request: FastifyRequest) {
    const staff = request.staff;
    if (!staff) throw new Problem(401, 'unauthenticated');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      const ok =
        typeof sent === 'string' &&
        sent.length === staff.csrfToken.length &&
        crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(staff.csrfToken));
      if (!ok) throw new Problem(403, 'csrf_failed');
    }
    if (permission && !can(staff.user.role, permission)) throw new Problem(403, 'forbidden');
  };
}

/** The acting staff member as an event actor. */
export function staffActor(request: FastifyRequest): { type: 'staff'; id: string } {
  if (!request.staff) throw new Problem(401, 'unauthenticated');
  return { type: 'staff', id: request.staff.user.id };
}
