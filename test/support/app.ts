import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { withSystem, withTenant } from '../../src/db/tenant-context.js';
import { EventDispatcher } from '../../src/events/dispatcher.js';
import { SYSTEM_ACTOR } from '../../src/events/types.js';
import { createStaff, type StaffRole } from '../../src/modules/identity/index.js';
import { createTenant, type Tenant } from '../../src/modules/tenancy/index.js';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import { createPlatform, type Platform } from '../../src/server/platform.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const PASSWORD = 'correct horse battery staple';

export type TestApp = {
  app: FastifyInstance;
  platform: Platform;
  dispatcher: EventDispatcher;
  database: TestDatabase;
  close(): Promise<void>;
};

/** The real application on a fresh database, driven through app.inject (no socket). */
export async function createTestApp(
  options: Pick<AppOptions, 'onRoute'> & { env?: Record<string, string> } = {},
): Promise<TestApp> {
  const { env, ...appOptions } = options;
  const database = await createTestDatabase();
  const platform = createPlatform(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }), database.db);
  const app = await buildApp(platform, { webDistDir: '/nonexistent-web-build', ...appOptions });
  const dispatcher = new EventDispatcher(database.db, platform.events, {
    pollMs: 50,
    log: { warn() {}, error() {} },
  });
  return {
    app,
    platform,
    dispatcher,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export async function addTenant(platform: Platform, slug: string, hosts: string[]): Promise<Tenant> {
  const tenant = await withSystem(platform.db, (tx) =>
    createTenant(tx, { slug, name: { en: `City of ${slug}`, es: `Ciudad de ${slug}` }, hosts }),
  );
  platform.tenants.invalidate();
  return tenant;
}

export async function addStaff(platform: Platform, tenant: Tenant, email: string, role: StaffRole) {
  return withTenant(platform.db, tenant.id, (tx) =>
    createStaff(tx, platform.events, SYSTEM_ACTOR, {
      email,
      displayName: email.split('@')[0]!,
      role,
      password: PASSWORD,
    }),
  );
}

export type Session = { cookie: string; csrf: string };

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'civq_staff');
  if (!c) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return `civq_staff=${c.value}`;
}

/** Signs in through the API and returns the cookie and CSRF token a browser would hold. */
export async function signIn(
  app: FastifyInstance,
  host: string,
  email: string,
  password = PASSWORD,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { host },
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed ${res.statusCode}: ${res.body}`);
  const cookie = sessionCookie(res);
  const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { host, cookie } });
  return { cookie, csrf: me.json().csrfToken };
}
