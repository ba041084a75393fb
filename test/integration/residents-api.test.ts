import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { withTenant } from '../../src/db/tenant-context.js';
import { t as translate } from '../../src/lib/i18n.js';
import type { Tenant } from '../../src/modules/tenancy/index.js';
import { addStaff, addTenant, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import {
  codeIn,
  freshIp,
  lastMessage,
  RESIDENT_PASSWORD,
  residentCookie,
  signUpResident,
  type ResidentSession,
} from '../support/residents.js';

const HOST = 'res.city.test';
const OTHER = 'other-res.city.test';

describe('resident accounts API', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let admin: Session;
  let clerk: Session;
  let otherClerk: Session;
  const routes: { method: string; url: string }[] = [];

  type Who = Session | ResidentSession | null;
  const call = (
    s: Who,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    opts: { lang?: string; host?: string; ip?: string; csrf?: string | null } = {},
  ) =>
    t.app.inject({
      method,
      url,
      remoteAddress: opts.ip ?? freshIp(),
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(s && { cookie: s.cookie }),
        ...(s && opts.csrf !== null && { 'x-csrf-token': opts.csrf ?? s.csrf }),
        ...(method === 'POST' &&
          url.startsWith('/api/v1/payments') && { 'idempotency-key': crypto.randomUUID() }),
      },
      ...(payload && { payload }),
    });

  const newResident = (email: string, lang: 'en' | 'es' = 'en') =>
    signUpResident(t.app, t.platform, tenant.id, HOST, email, lang);

  const openAccount = async (s: Session, over: object = {}, host = HOST) => {
    const res = await call(
      s,
      'POST',
      '/api/v1/utilities/accounts',
      {
        customerName: 'María Peña Garza',
        email: 'maria.account@example.com',
        phone: '(956) 555-0142',
        address: { street: '412 Calle Sol', city: 'Esperanza', state: 'TX', zip: '78501' },
        language: 'en',
        accountType: 'residential',
        ...over,
      },
      { host },
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; accountNumber: string };
  };
  const bill = async (accountId: string, amountCents: number, host = HOST, s: Session = clerk) => {
    const res = await call(
      s,
      'POST',
      '/api/v1/payments/charges',
      {
        kind: 'utility',
        description: { en: 'Water, November', es: 'Agua, noviembre' },
        amountCents,
        party: { name: 'María Peña Garza', email: 'maria.account@example.com', language: 'en' },
        source: { module: 'utilities', id: accountId },
        dueDate: '2026-12-20',
      },
      { host },
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const payAccount = async (accountId: string, amountCents: number, payer?: object) => {
    const res = await call(clerk, 'POST', '/api/v1/payments/payments', {
      method: 'check',
      checkNumber: '2001',
      amountCents,
      source: { module: 'utilities', id: accountId },
      ...(payer && { payer }),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; receiptNumber: string };
  };
  const claim = (s: ResidentSession, body: object, ip?: string) =>
    call(s, 'POST', '/api/v1/resident/links/utilities', body, ip ? { ip } : {});
  const activity = async (s: ResidentSession, query = '') => {
    await t.dispatcher.drain();
    const res = await call(s, 'GET', `/api/v1/resident/activity${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: {
        id: string;
        kind: string;
        action: string;
        item: { id: string; type: string; status: string };
      }[];
      next: string | null;
    };
  };
  const residentCount = () =>
    withTenant(t.platform.db, tenant.id, async (tx) => {
      const [row] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM residents`);
      return row!.n;
    });

  beforeAll(async () => {
    t = await createTestApp({ onRoute: (r) => routes.push({ method: String(r.method), url: r.url }) });
    tenant = await addTenant(t.platform, 'res', [HOST]);
    other = await addTenant(t.platform, 'otherres', [OTHER]);
    await addStaff(t.platform, tenant, 'admin@res.test', 'admin');
    await addStaff(t.platform, tenant, 'clerk@res.test', 'clerk');
    await addStaff(t.platform, other, 'clerk@otherres.test', 'admin');
    admin = await signIn(t.app, HOST, 'admin@res.test');
    clerk = await signIn(t.app, HOST, 'clerk@res.test');
    otherClerk = await signIn(t.app, OTHER, 'clerk@otherres.test');
    for (const [s, host] of [
      [admin, HOST],
      [otherClerk, OTHER],
    ] as const) {
      const type = await call(
        s,
        'PUT',
        '/api/v1/utilities/account-types',
        { code: 'residential', name: { en: 'Residential', es: 'Residencial' } },
        { host },
      );
      expect(type.statusCode, type.body).toBe(200);
    }
  });
  afterAll(() => t.close());

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
      const mail = await lastMessage(t.platform, tenant.id, 'lucia@example.com', 'resident.verify_email');
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
      const code = codeIn((await lastMessage(t.platform, tenant.id, 'tries@example.com'))!.body_text)!;
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
      const fresh = codeIn((await lastMessage(t.platform, tenant.id, 'tries@example.com'))!.body_text)!;
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
      expect((await lastMessage(t.platform, tenant.id, 'owner@example.com'))!.kind).toBe(
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
      await t.dispatcher.drain();
      const audit = await call(admin, 'GET', '/api/v1/audit?limit=200');
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
      expect(await lastMessage(t.platform, tenant.id, 'ghost@example.com')).toBeUndefined();
      const known = await call(null, 'POST', '/api/v1/resident/password/forgot', { email: r.email });
      expect(known.statusCode).toBe(202);
      expect(known.json()).toEqual(unknown.json());
      const mail = (await lastMessage(t.platform, tenant.id, r.email, 'resident.password_reset'))!;
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
    it('refuses a resident session on every staff endpoint', async () => {
      const r = await newResident('not-staff@example.com');
      // Public by design: health, docs, tenant, staff sign-in, the portal lookup and unsubscribe links.
      const isPublic = (url: string) =>
        !url.startsWith('/api/v1/') ||
        url.startsWith('/api/v1/resident/') ||
        url.startsWith('/api/v1/portal/') ||
        url === '/api/v1/tenant' ||
        url === '/api/v1/auth/login';
      const staffRoutes = routes.filter((x) => !isPublic(x.url) && x.method !== 'HEAD');
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
        const asStaffCookie = await t.app.inject({
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
      const res = await call(clerk, 'GET', '/api/v1/resident/me');
      expect(res.statusCode).toBe(401);
    });

    it("refuses a resident cookie on another tenant's host", async () => {
      const r = await newResident('tenant-a@example.com');
      const res = await call(r, 'GET', '/api/v1/resident/me', undefined, { host: OTHER });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('claiming a utility account', () => {
    it('gives one answer for any wrong proof, links on the right one, and refuses a second link', async () => {
      const r = await newResident('claimer@example.com');
      const account = await openAccount(clerk);
      const proof = { accountNumber: account.accountNumber, zip: '78501', lastName: 'Peña' };
      const unknownNumber = (() => {
        // A different number with a valid check digit: flip the first digit and recompute Luhn.
        const body = `${(Number(account.accountNumber[0]) % 9) + 1}${account.accountNumber.slice(1, 9)}`;
        for (let d = 0; d < 10; d++) {
          const n = body + d;
          const sum = [...n]
            .reverse()
            .map(Number)
            .reduce((s, x, i) => s + (i % 2 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x), 0);
          if (sum % 10 === 0) return n;
        }
        throw new Error('no check digit');
      })();
      const wrongs = [
        { ...proof, zip: '78502' },
        { ...proof, lastName: 'Gonzalez' },
        { ...proof, lastName: 'María' },
        { ...proof, accountNumber: unknownNumber },
      ];
      const bodies = [];
      for (const body of wrongs) {
        const res = await claim(r, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(422);
        const { code, title, detail } = res.json();
        bodies.push({ code, title, detail });
      }
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(bodies[0]!.code).toBe('claim_not_matched');

      const badDigit = await claim(r, {
        ...proof,
        accountNumber: `${account.accountNumber.slice(0, 9)}${(Number(account.accountNumber[9]) + 1) % 10}`,
      });
      expect(badDigit.statusCode).toBe(400);
      expect(badDigit.json().errors[0].code).toBe('account_number_invalid');

      // Accents, case, hyphenated or both surnames, and ZIP+4 are all the same person.
      const ok = await claim(r, {
        accountNumber: account.accountNumber.replace(/(\d{4})(\d{3})/, '$1-$2-'),
        zip: '78501-1234',
        lastName: 'pena garza',
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({
        module: 'utilities',
        refId: account.id,
        utility: { accountNumber: account.accountNumber },
      });
      const twice = await claim(r, proof);
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('already_linked');
    });

    it('locks claiming after five failures, and rate-limits per address', async () => {
      const r = await newResident('guesser@example.com');
      const account = await openAccount(clerk);
      const wrong = { accountNumber: account.accountNumber, zip: '11111', lastName: 'Peña' };
      for (let i = 0; i < 5; i++) expect((await claim(r, wrong)).statusCode).toBe(422);
      const right = await claim(r, { ...wrong, zip: '78501' });
      expect(right.statusCode).toBe(429);
      expect(right.json().code).toBe('claims_locked');
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(3000);

      const s = await newResident('flooder@example.com');
      const ip = '10.98.0.1';
      const statuses = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await claim(s, { ...wrong, accountNumber: '12' }, ip)).statusCode);
      expect(statuses.slice(0, 10).every((c) => c === 400)).toBe(true);
      expect(statuses[10]).toBe(429);
    });

    it("cannot claim another tenant's account by its number", async () => {
      const r = await newResident('crosstenant@example.com');
      const foreign = await openAccount(otherClerk, {}, OTHER);
      const res = await claim(r, { accountNumber: foreign.accountNumber, zip: '78501', lastName: 'Peña' });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('claim_not_matched');
    });

    it('links one account to a household; staff see who is linked, a resident cookie cannot', async () => {
      const account = await openAccount(clerk, { customerName: 'José Treviño' });
      const a = await newResident('household-a@example.com');
      const b = await newResident('household-b@example.com');
      for (const r of [a, b]) {
        const res = await claim(r, {
          accountNumber: account.accountNumber,
          zip: '78501',
          lastName: 'TREVINO',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const url = `/api/v1/utilities/accounts/${account.id}/residents`;
      const view = await call(clerk, 'GET', url);
      expect(view.statusCode).toBe(200);
      expect(view.json().items.map((i: { email: string }) => i.email)).toEqual([a.email, b.email]);
      expect((await call(a, 'GET', url)).statusCode).toBe(401);
      expect((await call(otherClerk, 'GET', url, undefined, { host: OTHER })).statusCode).toBe(404);
      expect(
        (await call(clerk, 'GET', `/api/v1/utilities/accounts/${crypto.randomUUID()}/residents`)).statusCode,
      ).toBe(404);

      // Unlinking: only your own link, and it is audited.
      const bLinks = (await call(b, 'GET', '/api/v1/resident/links')).json().items;
      expect((await call(a, 'DELETE', `/api/v1/resident/links/${bLinks[0].id}`)).statusCode).toBe(404);
      expect((await call(b, 'DELETE', `/api/v1/resident/links/${bLinks[0].id}`)).statusCode).toBe(204);
      expect((await call(clerk, 'GET', url)).json().items.map((i: { email: string }) => i.email)).toEqual([
        a.email,
      ]);
      await t.dispatcher.drain();
      const actions = (await call(admin, 'GET', '/api/v1/audit?limit=200'))
        .json()
        .items.filter((i: { subjectId: string }) => i.subjectId === account.id)
        .map((i: { action: string }) => i.action);
      expect(actions).toEqual(expect.arrayContaining(['residents.link.created', 'residents.link.removed']));
    });
  });

  describe('My Activity', () => {
    let owner: ResidentSession;
    let stranger: ResidentSession;
    let account: { id: string; accountNumber: string };
    let paymentId: string;

    beforeAll(async () => {
      owner = await newResident('activity@example.com');
      stranger = await newResident('stranger@example.com');
      account = await openAccount(clerk, { customerName: 'Ana Ruiz' });
      // History from before the claim shows up once the account is linked.
      await bill(account.id, 4500);
      paymentId = (await payAccount(account.id, 2000)).id;
      await bill(account.id, 3000);
      await t.dispatcher.drain();
      const res = await claim(owner, {
        accountNumber: account.accountNumber,
        zip: '78501',
        lastName: 'Ruiz',
      });
      expect(res.statusCode, res.body).toBe(201);
      const strangerAccount = await openAccount(clerk, { customerName: 'Otro Vecino' });
      await bill(strangerAccount.id, 999);
      expect(
        (
          await claim(stranger, {
            accountNumber: strangerAccount.accountNumber,
            zip: '78501',
            lastName: 'Vecino',
          })
        ).statusCode,
      ).toBe(201);
    });

    it('lists what happened on linked accounts, newest first, each with its current status', async () => {
      const page = await activity(owner);
      expect(page.items.map((i) => i.kind)).toEqual(['charge', 'payment', 'charge']);
      expect(page.items[1]).toMatchObject({
        action: 'payments.payment.recorded',
        item: { type: 'payment', status: 'completed' },
      });
      // The first charge was partly paid: its status now, not when it was posted.
      expect(page.items[2]!.item.status).toBe('partially_paid');
      expect(page.next).toBeNull();
    });

    it('filters by kind, pages by cursor, and refuses a forged cursor', async () => {
      const charges = await activity(owner, '?kind=charge');
      expect(charges.items.map((i) => i.kind)).toEqual(['charge', 'charge']);
      const first = await activity(owner, '?limit=2');
      expect(first.items).toHaveLength(2);
      const second = await activity(owner, `?limit=2&cursor=${first.next}`);
      expect(second.items).toHaveLength(1);
      expect(second.next).toBeNull();
      expect([...first.items, ...second.items].map((i) => i.id)).toEqual(
        (await activity(owner)).items.map((i) => i.id),
      );
      expect((await call(owner, 'GET', '/api/v1/resident/activity?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(
        400,
      );
      expect((await call(owner, 'GET', '/api/v1/resident/activity?kind=parking')).statusCode).toBe(400);
    });

    it("never shows another resident's items, even by guessing ids", async () => {
      const theirs = await activity(stranger);
      expect(theirs.items.map((i) => i.kind)).toEqual(['charge']);
      expect(theirs.items.some((i) => i.item.id === paymentId)).toBe(false);
      const pdf = await call(stranger, 'GET', `/api/v1/resident/activity/receipts/${paymentId}/receipt.pdf`);
      expect(pdf.statusCode).toBe(404);
      const random = await call(
        owner,
        'GET',
        `/api/v1/resident/activity/receipts/${crypto.randomUUID()}/receipt.pdf`,
      );
      expect(random.statusCode).toBe(404);
      const mine = await call(
        owner,
        'GET',
        `/api/v1/resident/activity/receipts/${paymentId}/receipt.pdf`,
        undefined,
        {
          lang: 'es',
        },
      );
      expect(mine.statusCode).toBe(200);
      expect(mine.headers['content-type']).toBe('application/pdf');
      expect(mine.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(
        (await call(null, 'GET', `/api/v1/resident/activity/receipts/${paymentId}/receipt.pdf`)).statusCode,
      ).toBe(401);
    });

    it('sums what I owe and what I paid from the ledger', async () => {
      const res = await call(owner, 'GET', '/api/v1/resident/summary');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        owedCents: 5500,
        creditCents: 0,
        balanceCents: 5500,
        paidCents: 2000,
        accounts: [{ accountNumber: account.accountNumber, balanceCents: 5500, paidCents: 2000 }],
      });
    });

    it('shows a returned check as a new entry and the payment as reversed', async () => {
      const res = await call(admin, 'POST', `/api/v1/payments/payments/${paymentId}/reverse`, {
        reason: 'NSF',
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = await activity(owner);
      expect(page.items[0]).toMatchObject({
        action: 'payments.payment.reversed',
        item: { id: paymentId, status: 'reversed' },
      });
      const charge = page.items.find((i) => i.kind === 'charge' && i.item.status !== 'pending');
      expect(charge).toBeUndefined();
    });

    it('drops an unlinked account from the feed', async () => {
      const r = await newResident('unlinker@example.com');
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Ruiz' })).statusCode,
      ).toBe(201);
      expect((await activity(r)).items.length).toBeGreaterThan(0);
      const [link] = (await call(r, 'GET', '/api/v1/resident/links')).json().items;
      expect((await call(r, 'DELETE', `/api/v1/resident/links/${link.id}`)).statusCode).toBe(204);
      expect((await activity(r)).items).toEqual([]);
      // The other household member keeps theirs.
      expect((await activity(owner)).items.length).toBeGreaterThan(0);
    });
  });

  describe('notification preferences', () => {
    it('sends receipts about a linked account to the resident, in their language, from the moment they save', async () => {
      const r = await newResident('prefs@example.com', 'en');
      const account = await openAccount(clerk, {
        customerName: 'Rosa Salinas',
        email: 'rosa.account@example.com',
      });
      await bill(account.id, 5000);
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Salinas' }))
          .statusCode,
      ).toBe(201);

      // Before saving, notices go only to the account's own address.
      await payAccount(account.id, 1000, {
        name: 'Rosa Salinas',
        email: 'rosa.account@example.com',
        language: 'en',
      });
      expect(await lastMessage(t.platform, tenant.id, r.email, 'payment.receipt')).toBeUndefined();

      const prefs = await call(r, 'GET', '/api/v1/resident/preferences');
      expect(prefs.json()).toMatchObject({ channel: 'email', savedAt: null, phoneVerified: false });
      const saved = await call(r, 'PUT', '/api/v1/resident/preferences', {
        channel: 'email',
        language: 'es',
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ channel: 'email', language: 'es', deliveredBy: 'email' });

      await payAccount(account.id, 1500, {
        name: 'Rosa Salinas',
        email: 'rosa.account@example.com',
        language: 'en',
      });
      const mine = (await lastMessage(t.platform, tenant.id, r.email, 'payment.receipt'))!;
      expect(mine.language).toBe('es');
      expect(mine.subject).toContain('Recibo de pago');
      expect(mine.body_text).toContain('$15.00');
      // The account's own address still gets its English receipt.
      expect(
        (await lastMessage(t.platform, tenant.id, 'rosa.account@example.com', 'payment.receipt'))!.language,
      ).toBe('en');

      await t.dispatcher.drain();
      const audit = (await call(admin, 'GET', '/api/v1/audit?limit=200')).json().items;
      const change = audit.find(
        (i: { action: string; subjectId: string }) =>
          i.action === 'residents.preferences.changed' && i.subjectId === r.id,
      );
      expect(change.details).toMatchObject({ to: { channel: 'email', language: 'es' } });
    });

    it('switches the one message to the resident language when the account email is theirs', async () => {
      const r = await newResident('same@example.com');
      const account = await openAccount(clerk, {
        customerName: 'Luis Cantú',
        email: 'same@example.com',
        language: 'en',
      });
      await bill(account.id, 2000);
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Cantu' }))
          .statusCode,
      ).toBe(201);
      await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'email', language: 'es' });
      await payAccount(account.id, 2000, { name: 'Luis Cantú', email: 'same@example.com', language: 'en' });
      const all = await withTenant(t.platform.db, tenant.id, (tx) =>
        queryRows<{ language: string }>(
          tx,
          sql`SELECT language FROM messages WHERE recipient = 'same@example.com' AND kind = 'payment.receipt'`,
        ),
      );
      expect(all).toEqual([{ language: 'es' }]);
    });

    it('needs a verified phone with consent for SMS, says SMS goes by email for now, and audits both', async () => {
      const r = await newResident('texter@example.com');
      const early = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'sms', language: 'en' });
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('sms_needs_verified_phone');
      const badPhone = await call(r, 'POST', '/api/v1/resident/phone', { phone: '555', consent: true });
      expect(badPhone.statusCode).toBe(400);
      expect(badPhone.json().errors[0].code).toBe('phone_invalid');
      const noConsent = await call(r, 'POST', '/api/v1/resident/phone', {
        phone: '(956) 555-0199',
        consent: false,
      });
      expect(noConsent.statusCode).toBe(400);
      expect(noConsent.json().errors[0].code).toBe('sms_consent_required');
      const started = await call(r, 'POST', '/api/v1/resident/phone', {
        phone: '(956) 555-0199',
        consent: true,
      });
      expect(started.statusCode).toBe(202);
      expect(started.json()).toEqual({ phone: '+19565550199', sentTo: 'email' });
      const code = codeIn(
        (await lastMessage(t.platform, tenant.id, r.email, 'resident.phone_code'))!.body_text,
      )!;
      const wrong = await call(r, 'POST', '/api/v1/resident/phone/verify', {
        code: code === '000000' ? '000001' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      const ok = await call(r, 'POST', '/api/v1/resident/phone/verify', { code });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ phone: '+19565550199', phoneVerified: true });
      const sms = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'sms', language: 'en' });
      expect(sms.statusCode).toBe(200);
      expect(sms.json()).toMatchObject({ channel: 'sms', deliveredBy: 'email' });
      const push = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'push', language: 'es' });
      expect(push.json()).toMatchObject({ channel: 'push', deliveredBy: 'email' });
      const bad = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'fax', language: 'en' });
      expect(bad.statusCode).toBe(400);
      await t.dispatcher.drain();
      const actions = (await call(admin, 'GET', '/api/v1/audit?limit=200'))
        .json()
        .items.filter((i: { subjectId: string }) => i.subjectId === r.id)
        .map((i: { action: string }) => i.action);
      expect(actions).toEqual(
        expect.arrayContaining(['residents.phone.verified', 'residents.preferences.changed']),
      );
    });
  });

  describe('your data', () => {
    it('exports everything as JSON and deletes the account, leaving the city records and reverting notices', async () => {
      const r = await newResident('leaving@example.com');
      const account = await openAccount(clerk, {
        customerName: 'Elena Vega',
        email: 'elena.account@example.com',
      });
      await bill(account.id, 1200);
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Vega' })).statusCode,
      ).toBe(201);
      await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'email', language: 'es' });
      await t.dispatcher.drain();

      const data = await call(r, 'GET', '/api/v1/resident/data');
      expect(data.statusCode).toBe(200);
      expect(data.headers['content-disposition']).toContain('attachment');
      const body = data.json();
      expect(body.account.email).toBe(r.email);
      expect(body.preferences).toMatchObject({ channel: 'email', language: 'es' });
      expect(body.links[0].utility.accountNumber).toBe(account.accountNumber);
      expect(body.activity.map((e: { kind: string }) => e.kind)).toEqual(['charge']);
      expect(JSON.stringify(body)).not.toContain('argon2');

      const wrong = await call(r, 'DELETE', '/api/v1/resident/account', { password: 'not my password' });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().code).toBe('password_incorrect');
      const gone = await call(r, 'DELETE', '/api/v1/resident/account', { password: RESIDENT_PASSWORD });
      expect(gone.statusCode).toBe(204);
      expect((await call(r, 'GET', '/api/v1/resident/me')).statusCode).toBe(401);
      expect(
        (await call(clerk, 'GET', `/api/v1/utilities/accounts/${account.id}/residents`)).json().items,
      ).toEqual([]);
      // The city's records stay, and the next receipt goes to the account's address only.
      await payAccount(account.id, 1200, {
        name: 'Elena Vega',
        email: 'elena.account@example.com',
        language: 'en',
      });
      expect(await lastMessage(t.platform, tenant.id, r.email, 'payment.receipt')).toBeUndefined();
      expect(
        (await lastMessage(t.platform, tenant.id, 'elena.account@example.com', 'payment.receipt'))!.language,
      ).toBe('en');
      await t.dispatcher.drain();
      const feed = await withTenant(t.platform.db, tenant.id, (tx) =>
        queryRows<{ n: number }>(
          tx,
          sql`SELECT count(*)::int AS n FROM activity_feed WHERE resident_id = ${r.id}`,
        ),
      );
      expect(feed[0]!.n).toBe(0);
    });
  });
});
