import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { t as translate } from '../../../src/lib/i18n.js';
import { HOST, OTHER, residentSuite } from '../../support/resident-suite.js';
import { codeIn, lastMessage, RESIDENT_PASSWORD, residentCookie } from '../../support/residents.js';

describe('resident accounts API: sign-up, sign-in, passkeys, separation from staff', () => {
  const suite = residentSuite();
  const { call, newResident, residentCount } = suite;

  describe('sign-up and verification', () => {
    it('refuses weak passwords and bad emails with localized field errors, storing nothing', async () => {
      const before = await residentCount();
      const cases: [object, string, string][] = [
        [{ email: 'ana@example.com', password: 'short pass' }, 'password', 'password_too_short'],
        [{ email: 'ana@example.com', password: 'password1234' }, 'password', 'password_common'],
        [
          { email: 'anabel@example.com', password: 'anabel walks the dog' },
          'password',
          'password_contains_personal',
        ],
        [{ email: 'not-an-email', password: RESIDENT_PASSWORD }, 'email', 'invalid_email'],
      ];
      for (const [body, field, code] of cases) {
        const res = await call(null, 'POST', '/api/v1/resident/signup', body, { lang: 'es' });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const error = res.json().errors.find((e: { field: string }) => e.field === field);
        expect(error.code).toBe(code);
        expect(error.message).toBe(translate('es', `errors:validation.${code}`));
      }
      // No composition rules: a long lower-case passphrase is fine.
      const ok = await call(null, 'POST', '/api/v1/resident/signup', {
        email: 'phrase@example.com',
        password: 'correct horse battery staple',
      });
      expect(ok.statusCode).toBe(202);
      expect(await residentCount()).toBe(before + 1);
    });

    it('verifies the email with the emailed code, then signs in with a resident-only cookie', async () => {
      const up = await call(null, 'POST', '/api/v1/resident/signup', {
        email: 'Lucia@Example.com',
        password: RESIDENT_PASSWORD,
        language: 'es',
      });
      expect(up.statusCode).toBe(202);
      expect(up.json()).toEqual({ status: 'accepted' });
      expect(up.cookies.find((c) => c.name === 'civq_resident')).toBeUndefined();
      const mail = await lastMessage(
        suite.t.platform,
        suite.tenant.id,
        'lucia@example.com',
        'resident.verify_email',
      );
      expect(mail!.language).toBe('es');
      expect(mail!.subject).toContain('código');
      const code = codeIn(mail!.body_text)!;

      // Unverified: the password is right, but the account cannot be used yet.
      const early = await call(null, 'POST', '/api/v1/resident/login', {
        email: 'lucia@example.com',
        password: RESIDENT_PASSWORD,
      });
      expect(early.statusCode).toBe(403);
      expect(early.json().code).toBe('email_not_verified');

      const wrong = await call(null, 'POST', '/api/v1/resident/verify-email', {
        email: 'lucia@example.com',
        code: code === '000000' ? '111111' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().code).toBe('verification_code_invalid');
      const malformed = await call(null, 'POST', '/api/v1/resident/verify-email', {
        email: 'lucia@example.com',
        code: '12ab',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors[0].code).toBe('code_format');

      const ok = await call(null, 'POST', '/api/v1/resident/verify-email', {
        email: 'lucia@example.com',
        code,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const cookie = ok.cookies.find((c) => c.name === 'civq_resident')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Lax');
      // The browser sends it to the resident API only, never to /dashboard or staff APIs.
      expect(cookie.path).toBe('/api/v1/resident');
      expect(ok.cookies.find((c) => c.name === 'civq_staff')).toBeUndefined();
      const me = await call(
        { cookie: residentCookie(ok), csrf: ok.json().csrfToken },
        'GET',
        '/api/v1/resident/me',
      );
      expect(me.statusCode).toBe(200);
      expect(me.json().resident).toMatchObject({ email: 'lucia@example.com', language: 'es' });

      // A code works once.
      const again = await call(null, 'POST', '/api/v1/resident/verify-email', {
        email: 'lucia@example.com',
        code,
      });
      expect(again.statusCode).toBe(400);
    });

    it('ends a code after five wrong tries', async () => {
      await call(null, 'POST', '/api/v1/resident/signup', {
        email: 'tries@example.com',
        password: RESIDENT_PASSWORD,
      });
      const code = codeIn(
        (await lastMessage(suite.t.platform, suite.tenant.id, 'tries@example.com'))!.body_text,
      )!;
      const wrongCode = code === '999999' ? '999998' : '999999';
      for (let i = 0; i < 5; i++) {
        const res = await call(null, 'POST', '/api/v1/resident/verify-email', {
          email: 'tries@example.com',
          code: wrongCode,
        });
        expect(res.statusCode).toBe(400);
      }
      const right = await call(null, 'POST', '/api/v1/resident/verify-email', {
        email: 'tries@example.com',
        code,
      });
      expect(right.statusCode).toBe(400);
      // A new code works.
      expect(
        (await call(null, 'POST', '/api/v1/resident/verify-email/resend', { email: 'tries@example.com' }))
          .statusCode,
      ).toBe(202);
      const fresh = codeIn(
        (await lastMessage(suite.t.platform, suite.tenant.id, 'tries@example.com'))!.body_text,
      )!;
      const ok = await call(null, 'POST', '/api/v1/resident/verify-email', {
        email: 'tries@example.com',
        code: fresh,
      });
      expect(ok.statusCode).toBe(200);
    });

    it('answers a sign-up for an existing account exactly like a new one, and tells the owner by email', async () => {
      await newResident('owner@example.com');
      const before = await residentCount();
      const res = await call(null, 'POST', '/api/v1/resident/signup', {
        email: 'OWNER@example.com',
        password: 'another long passphrase',
      });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ status: 'accepted' });
      expect(await residentCount()).toBe(before);
      expect((await lastMessage(suite.t.platform, suite.tenant.id, 'owner@example.com'))!.kind).toBe(
        'resident.account_exists',
      );
      // The old password still signs in; the would-be new one does not.
      const old = await call(null, 'POST', '/api/v1/resident/login', {
        email: 'owner@example.com',
        password: RESIDENT_PASSWORD,
      });
      expect(old.statusCode).toBe(200);
      const hijack = await call(null, 'POST', '/api/v1/resident/login', {
        email: 'owner@example.com',
        password: 'another long passphrase',
      });
      expect(hijack.statusCode).toBe(401);
    });

    it('rate-limits sign-up per client address', async () => {
      const ip = '10.99.0.1';
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await call(
          null,
          'POST',
          '/api/v1/resident/signup',
          { email: `flood${i}@example.com`, password: 'x' },
          { ip },
        );
        codes.push(res.statusCode);
      }
      expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
      expect(codes[10]).toBe(429);
    });
  });

  describe('sign-in, lockout, sign-out, forgot password', () => {
    it('answers unknown email and wrong password alike, and locks after five failures', async () => {
      const r = await newResident('lock@example.com');
      const unknown = await call(null, 'POST', '/api/v1/resident/login', {
        email: 'nobody@example.com',
        password: RESIDENT_PASSWORD,
      });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().code).toBe('invalid_credentials');
      for (let i = 0; i < 5; i++) {
        const res = await call(null, 'POST', '/api/v1/resident/login', {
          email: r.email,
          password: 'wrong password!!',
        });
        expect(res.statusCode).toBe(401);
      }
      const locked = await call(
        null,
        'POST',
        '/api/v1/resident/login',
        { email: r.email, password: RESIDENT_PASSWORD },
        { lang: 'es' },
      );
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('account_locked');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      expect(locked.json().detail).toContain('minutos');
      // The sign-in attempts are in the audit log.
      await suite.t.dispatcher.drain();
      const audit = await call(suite.admin, 'GET', '/api/v1/audit?limit=200');
      const actions = audit.json().items.map((i: { action: string }) => i.action);
      expect(actions).toContain('residents.account.locked_out');
      expect(actions).toContain('residents.account.sign_in_failed');
    });

    it('signs out, and a write without the CSRF token is refused', async () => {
      const r = await newResident('out@example.com');
      const noCsrf = await call(r, 'POST', '/api/v1/resident/logout', undefined, { csrf: null });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json().code).toBe('csrf_failed');
      expect((await call(r, 'POST', '/api/v1/resident/logout')).statusCode).toBe(204);
      expect((await call(r, 'GET', '/api/v1/resident/me')).statusCode).toBe(401);
    });

    it('resets a forgotten password by link, ending every session; unknown addresses get the same answer', async () => {
      const r = await newResident('forgot@example.com', 'es');
      const unknown = await call(null, 'POST', '/api/v1/resident/password/forgot', {
        email: 'ghost@example.com',
      });
      expect(unknown.statusCode).toBe(202);
      expect(await lastMessage(suite.t.platform, suite.tenant.id, 'ghost@example.com')).toBeUndefined();
      const known = await call(null, 'POST', '/api/v1/resident/password/forgot', { email: r.email });
      expect(known.statusCode).toBe(202);
      expect(known.json()).toEqual(unknown.json());
      const mail = (await lastMessage(
        suite.t.platform,
        suite.tenant.id,
        r.email,
        'resident.password_reset',
      ))!;
      expect(mail.language).toBe('es');
      const token = /#token=([A-Za-z0-9_.-]+)/.exec(mail.body_text)![1]!;

      const weak = await call(null, 'POST', '/api/v1/resident/password/reset', { token, password: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0].code).toBe('password_too_short');
      const bogus = await call(null, 'POST', '/api/v1/resident/password/reset', {
        token: `${'x'.repeat(43)}.${r.id}`,
        password: 'a brand new passphrase',
      });
      expect(bogus.statusCode).toBe(400);
      expect(bogus.json().code).toBe('reset_link_invalid');

      const ok = await call(null, 'POST', '/api/v1/resident/password/reset', {
        token,
        password: 'a brand new passphrase',
      });
      expect(ok.statusCode, ok.body).toBe(204);
      expect((await call(r, 'GET', '/api/v1/resident/me')).statusCode).toBe(401);
      const reuse = await call(null, 'POST', '/api/v1/resident/password/reset', {
        token,
        password: 'yet another passphrase',
      });
      expect(reuse.statusCode).toBe(400);
      const signin = await call(null, 'POST', '/api/v1/resident/login', {
        email: r.email,
        password: 'a brand new passphrase',
      });
      expect(signin.statusCode).toBe(200);
    });
  });

  describe('passkeys (the ceremony itself is in the browser test with a virtual authenticator)', () => {
    it('offers options, refuses forged or replayed responses, and keeps passkeys per resident', async () => {
      const start = await call(null, 'POST', '/api/v1/resident/passkeys/login/options');
      expect(start.statusCode).toBe(200);
      const { challengeId, options } = start.json();
      expect(options).toMatchObject({ rpId: HOST, userVerification: 'preferred' });
      expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      const forged = {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
        clientExtensionResults: {},
      };
      const refused = await call(null, 'POST', '/api/v1/resident/passkeys/login', {
        challengeId,
        response: forged,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe('passkey_not_verified');
      expect(refused.cookies.find((c) => c.name === 'civq_resident')).toBeUndefined();
      // The challenge was used up by that attempt.
      const replay = await call(null, 'POST', '/api/v1/resident/passkeys/login', {
        challengeId,
        response: forged,
      });
      expect(replay.statusCode).toBe(400);

      expect((await call(null, 'POST', '/api/v1/resident/passkeys/registration/options')).statusCode).toBe(
        401,
      );
      const r = await newResident('passkey@example.com');
      const reg = await call(r, 'POST', '/api/v1/resident/passkeys/registration/options');
      expect(reg.statusCode).toBe(200);
      expect(reg.json().options).toMatchObject({ rp: { id: HOST }, user: { name: r.email } });
      const bad = await call(r, 'POST', '/api/v1/resident/passkeys', {
        challengeId: reg.json().challengeId,
        label: 'Phone',
        response: { ...forged, response: { clientDataJSON: 'e30', attestationObject: 'AAAA' } },
      });
      expect(bad.statusCode).toBe(400);
      expect((await call(r, 'GET', '/api/v1/resident/passkeys')).json().items).toEqual([]);
      expect((await call(r, 'DELETE', `/api/v1/resident/passkeys/${crypto.randomUUID()}`)).statusCode).toBe(
        404,
      );
    });
  });

  describe('separation from staff', () => {
    // 311's public side (requests CONTRACT.md): anyone may report, track and ask for a claim link.
    const PUBLIC_311 = new Set(
      [
        '',
        '/catalogue',
        '/area',
        '/addresses',
        '/photos',
        '/photo',
        '/track/:code',
        '/track/:code/claim-link',
      ].map((p) => `/api/v1/requests${p}`),
    );
    it('refuses a resident session on every staff endpoint', async () => {
      const r = await newResident('not-staff@example.com');
      // Public by design: health, docs, tenant, staff sign-in, the portal lookup, unsubscribe links, SMS webhooks.
      const isPublic = (url: string) =>
        !url.startsWith('/api/v1/') ||
        url.startsWith('/api/v1/resident/') ||
        url.startsWith('/api/v1/portal/') ||
        url === '/api/v1/tenant' ||
        url === '/api/v1/auth/login' ||
        PUBLIC_311.has(url) ||
        // The SMS provider's webhooks: no session at all, only its signature (403 without).
        url.startsWith('/api/v1/communications/sms/');
      const staffRoutes = suite.routes.filter((x) => !isPublic(x.url) && x.method !== 'HEAD');
      expect(staffRoutes.length).toBeGreaterThan(30);
      const id = crypto.randomUUID();
      for (const route of staffRoutes) {
        const url = route.url.replace(/:[A-Za-z]+/g, id);
        const method = route.method as 'GET' | 'POST';
        // The cookie itself, as a browser would never send it here, and with the CSRF header.
        // Fastify validates input before the guard runs, so a missing body or query may be a 400
        // validation problem first; either way nothing happens and no staff data is returned.
        const refused = (status: number) => status === 401 || status === 400;
        const withCookie = await call(r, method, url, method === 'GET' ? undefined : {});
        expect(refused(withCookie.statusCode), `${method} ${route.url}: ${withCookie.statusCode}`).toBe(true);
        if (withCookie.statusCode === 400) expect(withCookie.json().code).toBe('validation_failed');
        const asStaffCookie = await suite.t.app.inject({
          method,
          url,
          headers: {
            host: HOST,
            cookie: r.cookie.replace('civq_resident', 'civq_staff'),
            'x-csrf-token': r.csrf,
          },
          ...(method === 'GET' ? {} : { payload: {} }),
        });
        expect(refused(asStaffCookie.statusCode), `${method} ${route.url} (as civq_staff)`).toBe(true);
      }
    });

    it('does not accept a staff session on resident endpoints', async () => {
      const res = await call(suite.clerk, 'GET', '/api/v1/resident/me');
      expect(res.statusCode).toBe(401);
    });

    it("refuses a resident cookie on another tenant's host", async () => {
      const r = await newResident('tenant-a@example.com');
      const res = await call(r, 'GET', '/api/v1/resident/me', undefined, { host: OTHER });
      expect(res.statusCode).toBe(401);
    });
  });
});
