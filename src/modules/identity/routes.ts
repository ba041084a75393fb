import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTenant } from '../../db/tenant-context.js';
import type { Platform } from '../../kernel/platform.js';
import { problems } from '../../kernel/openapi-problem.js';
import { Problem } from '../../kernel/problem.js';
import { IdentityEvents } from './events.js';
import { clearSessionCookie, requireStaff, setSessionCookie, staffActor } from './http.js';
import { modulesFor, permissionsFor } from './permissions.js';
import {
  createStaffBody,
  idParams,
  loginBody,
  preferencesBody,
  sessionView,
  staffList,
  staffListItem,
  staffUserView,
  updateStaffBody,
} from './schema.js';
import {
  attemptLogin,
  createStaff,
  listStaff,
  setStaffLocale,
  updateStaff,
  type StaffUser,
} from './service.js';
import { closeSession } from './sessions.js';

const userView = (u: Pick<StaffUser, 'id' | 'email' | 'displayName' | 'role' | 'locale'>) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  locale: u.locale,
});

const listItem = (u: StaffUser) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  status: u.status,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});

function sessionBody(request: FastifyRequest, user: Parameters<typeof userView>[0], csrfToken: string) {
  const { slug, name, logoUrl } = request.tenant;
  return {
    user: userView(user),
    tenant: { slug, name, logoUrl },
    csrfToken,
    modules: modulesFor(user.role),
    permissions: permissionsFor(user.role),
  };
}

export async function identityRoutes(app: FastifyInstance, { platform }: { platform: Platform }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, events } = platform;
  const secureCookie = platform.config.env === 'production';

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in as staff',
        body: loginBody,
        response: { 200: sessionView, ...problems(400, 401, 403, 429) },
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const outcome = await withTenant(db, request.tenant.id, (tx) =>
        attemptLogin(tx, events, request.body.email, request.body.password),
      );
      if (!outcome.ok) throw outcome.problem;
      setSessionCookie(reply, outcome.token, secureCookie);
      return sessionBody(request, outcome.user, outcome.csrfToken);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out',
        response: { 204: z.null().describe('Signed out'), ...problems(401, 403) },
      },
      preHandler: requireStaff(),
    },
    async (request, reply) => {
      const staff = request.staff!;
      await withTenant(db, request.tenant.id, async (tx) => {
        await closeSession(tx, staff.sessionTokenHash);
        await events.record(tx, {
          type: IdentityEvents.signedOut,
          subjectType: 'staff_user',
          subjectId: staff.user.id,
          actor: staffActor(request),
        });
      });
      clearSessionCookie(reply, secureCookie);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in staff user',
        response: { 200: sessionView, ...problems(401) },
      },
      preHandler: requireStaff(),
    },
    async (request) => sessionBody(request, request.staff!.user, request.staff!.csrfToken),
  );

  r.put(
    '/api/v1/auth/me/preferences',
    {
      schema: {
        tags: ['auth'],
        summary: "Save the signed-in user's interface language",
        body: preferencesBody,
        response: { 200: staffUserView, ...problems(400, 401, 403) },
      },
      preHandler: requireStaff(),
    },
    async (request) => {
      const user = await withTenant(db, request.tenant.id, (tx) =>
        setStaffLocale(tx, request.staff!.user.id, request.body.locale),
      );
      return userView(user);
    },
  );

  r.get(
    '/api/v1/staff',
    {
      schema: {
        tags: ['staff'],
        summary: 'List staff users',
        response: { 200: staffList, ...problems(401, 403) },
      },
      preHandler: requireStaff('staff.manage'),
    },
    async (request) => {
      const users = await withTenant(db, request.tenant.id, (tx) => listStaff(tx));
      return { items: users.map(listItem) };
    },
  );

  r.post(
    '/api/v1/staff',
    {
      schema: {
        tags: ['staff'],
        summary: 'Create a staff user',
        body: createStaffBody,
        response: { 201: staffListItem, ...problems(400, 401, 403, 409) },
      },
      preHandler: requireStaff('staff.manage'),
    },
    async (request, reply) => {
      const user = await withTenant(db, request.tenant.id, (tx) =>
        createStaff(tx, events, staffActor(request), request.body),
      );
      return reply.code(201).send(listItem(user));
    },
  );

  r.patch(
    '/api/v1/staff/:id',
    {
      schema: {
        tags: ['staff'],
        summary: "Change a staff user's role, status or name",
        params: idParams,
        body: updateStaffBody,
        response: { 200: staffListItem, ...problems(400, 401, 403, 404, 409) },
      },
      preHandler: requireStaff('staff.manage'),
    },
    async (request) => {
      if (request.params.id === request.staff!.user.id && request.body.status === 'disabled') {
        throw new Problem(409, 'cannot_disable_self');
      }
      const user = await withTenant(db, request.tenant.id, (tx) =>
        updateStaff(tx, events, staffActor(request), request.params.id, request.body),
      );
      return listItem(user);
    },
  );
}
