import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../../src/lib/i18n.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import {
  addStaff,
  addTenant,
  createTestApp,
  PASSWORD,
  sessionCookie,
  signIn,
  type TestApp,
} from '../../support/app.js';

const HOST = 'auth.city.test';

describe('staff sign-in', () => {
  let t: TestApp;
  let tenant: Tenant;

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: HOST, ...headers },
      payload: { email, password },
    });

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addTenant(t.platform, 'auth', [HOST]);
    await addStaff(t.platform, tenant, 'admin@auth.test', 'admin');
    await addStaff(t.platform, tenant, 'clerk@auth.test', 'clerk');
    await addStaff(t.platform, tenant, 'locked@auth.test', 'viewer');
  });
  afterAll(() => t.close());

  it('signs in with an httpOnly SameSite cookie and shows tenant and role on /me', async () => {
    const res = await login('Clerk@Auth.test', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'civq_staff')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { host: HOST, cookie: sessionCookie(res) },
    });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.user).toMatchObject({ email: 'clerk@auth.test', role: 'clerk' });
    expect(body.tenant).toMatchObject({ slug: 'auth', name: { en: 'City of auth', es: 'Ciudad de auth' } });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(body.user).not.toHaveProperty('passwordHash');
  });

  it('answers a wrong password with a 401 problem in English or Spanish', async () => {
    const en = await login('clerk@auth.test', 'not the right password', {
      'accept-language': 'en-US,en;q=0.9',
    });
    expect(en.statusCode).toBe(401);
    expect(en.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(en.json()).toMatchObject({
      status: 401,
      code: 'invalid_credentials',
      title: translate('en', 'errors:invalid_credentials.title'),
      detail: translate('en', 'errors:invalid_credentials.detail'),
    });
    const es = await login('clerk@auth.test', 'not the right password', {
      'accept-language': 'es-MX,es;q=0.9,en;q=0.5',
    });
    expect(es.statusCode).toBe(401);
    expect(es.json().title).toBe(translate('es', 'errors:invalid_credentials.title'));
    expect(es.json().title).not.toBe(en.json().title);
  });

  it('gives an unknown email the same answer as a wrong password', async () => {
    const res = await login('nobody@auth.test', PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
  });

  it('rejects malformed input with field errors and signs no one in', async () => {
    const res = await login('not-an-email', '', { 'accept-language': 'es' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['email', 'password']);
    expect(body.errors[0].message).toBe(translate('es', `errors:validation.${body.errors[0].code}`));
    expect(res.cookies.find((c) => c.name === 'civq_staff')).toBeUndefined();
  });

  it('locks an account after five failures with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 4; i++)
      expect((await login('locked@auth.test', `wrong-${i}-password`)).statusCode).toBe(401);
    const fifth = await login('locked@auth.test', 'wrong-5-password');
    expect(fifth.statusCode).toBe(401);
    const locked = await login('locked@auth.test', PASSWORD, { 'accept-language': 'es' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('account_locked');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.json().detail).toBe(translate('es', 'errors:account_locked.detail', { minutes: 15 }));
    expect(locked.cookies.find((c) => c.name === 'civq_staff')).toBeUndefined();
  });

  it('records failed sign-ins and the lockout in the audit log', async () => {
    await t.dispatcher.drain();
    const admin = await signIn(t.app, HOST, 'admin@auth.test');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=100',
      headers: { host: HOST, cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((i: { action: string }) => i.action);
    expect(actions).toContain('identity.staff.locked_out');
    expect(
      actions.filter((a: string) => a === 'identity.staff.sign_in_failed').length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('rate-limits sign-in attempts from one address with 429 and Retry-After', async () => {
    const results: number[] = [];
    for (let i = 0; i < 25; i++)
      results.push(
        (await login('nobody@auth.test', 'whatever-password', { 'x-request-id': `ratelimit-${i}` }))
          .statusCode,
      );
    expect(results).toContain(429);
    const limited = await login('nobody@auth.test', 'whatever-password');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('staff sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await addTenant(t.platform, 'sess', [HOST]);
    await addStaff(t.platform, tenant, 'admin@sess.test', 'admin');
    await addStaff(t.platform, tenant, 'gone@sess.test', 'clerk');
  });
  afterAll(() => t.close());

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const s = await signIn(t.app, HOST, 'admin@sess.test');
    const put = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/auth/me/preferences',
        headers: { host: HOST, cookie: s.cookie, ...headers },
        payload: { locale: 'es' },
      });
    const missing = await put({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    const wrong = await put({ 'x-csrf-token': 'x'.repeat(s.csrf.length) });
    expect(wrong.statusCode).toBe(403);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { host: HOST, cookie: s.cookie },
    });
    expect(me.json().user.locale).toBeNull();
    const ok = await put({ 'x-csrf-token': s.csrf });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().locale).toBe('es');
  });

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const s = await signIn(t.app, HOST, 'admin@sess.test');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { host: HOST, cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'civq_staff')?.value).toBe('');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { host: HOST, cookie: s.cookie },
    });
    expect(me.statusCode).toBe(401);
  });

  it('answers /me without a session with a localized 401', async () => {
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { host: HOST, 'accept-language': 'es' },
    });
    expect(me.statusCode).toBe(401);
    expect(me.json().title).toBe(translate('es', 'errors:unauthenticated.title'));
  });

  it('ends the sessions of a disabled user and refuses their sign-in', async () => {
    const admin = await signIn(t.app, HOST, 'admin@sess.test');
    const gone = await signIn(t.app, HOST, 'gone@sess.test');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff',
      headers: { host: HOST, cookie: admin.cookie },
    });
    const id = list.json().items.find((u: { email: string }) => u.email === 'gone@sess.test').id;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/${id}`,
      headers: { host: HOST, cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { status: 'disabled' },
    });
    expect(patch.statusCode).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { host: HOST, cookie: gone.cookie },
    });
    expect(me.statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: HOST },
      payload: { email: 'gone@sess.test', password: PASSWORD },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('account_disabled');
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tenant',
      headers: { host: HOST, 'x-request-id': 'trace-abc-12345' },
    });
    expect(res.headers['x-request-id']).toBe('trace-abc-12345');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tenant',
      headers: { host: HOST, 'x-request-id': 'bad id with spaces' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
