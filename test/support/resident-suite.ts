import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { withTenant } from '../../src/db/tenant-context.js';
import type { Tenant } from '../../src/modules/tenancy/index.js';
import { addStaff, addTenant, createTestApp, signIn, type Session, type TestApp } from './app.js';
import { freshIp, signUpResident, type ResidentSession } from './residents.js';

export const HOST = 'res.city.test';
export const OTHER = 'other-res.city.test';

/**
 * The shared setup of the resident API tests: two tenants with staff, account types, and
 * helpers that act as staff or as a resident. Registers its own beforeAll/afterAll.
 */
export function residentSuite(options: { env?: () => Record<string, string> } = {}) {
  const s = {} as {
    t: TestApp;
    tenant: Tenant;
    other: Tenant;
    admin: Session;
    clerk: Session;
    otherClerk: Session;
    routes: { method: string; url: string }[];
  };
  s.routes = [];

  type Who = Session | ResidentSession | null;
  const call = (
    who: Who,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    opts: { lang?: string; host?: string; ip?: string; csrf?: string | null } = {},
  ) =>
    s.t.app.inject({
      method,
      url,
      remoteAddress: opts.ip ?? freshIp(),
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(who && { cookie: who.cookie }),
        ...(who && opts.csrf !== null && { 'x-csrf-token': opts.csrf ?? who.csrf }),
        ...(method === 'POST' &&
          url.startsWith('/api/v1/payments') && { 'idempotency-key': crypto.randomUUID() }),
      },
      ...(payload && { payload }),
    });

  const newResident = (email: string, lang: 'en' | 'es' = 'en') =>
    signUpResident(s.t.app, s.t.platform, s.tenant.id, HOST, email, lang);

  const openAccount = async (as: Session, over: object = {}, host = HOST) => {
    const res = await call(
      as,
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
  const bill = async (accountId: string, amountCents: number, host = HOST, as: Session = s.clerk) => {
    const res = await call(
      as,
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
    const res = await call(s.clerk, 'POST', '/api/v1/payments/payments', {
      method: 'check',
      checkNumber: '2001',
      amountCents,
      source: { module: 'utilities', id: accountId },
      ...(payer && { payer }),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; receiptNumber: string };
  };
  const claim = (who: ResidentSession, body: object, ip?: string) =>
    call(who, 'POST', '/api/v1/resident/links/utilities', body, ip ? { ip } : {});
  const activity = async (who: ResidentSession, query = '') => {
    await s.t.dispatcher.drain();
    const res = await call(who, 'GET', `/api/v1/resident/activity${query}`);
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
    withTenant(s.t.platform.db, s.tenant.id, async (tx) => {
      const [row] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM residents`);
      return row!.n;
    });

  beforeAll(async () => {
    s.t = await createTestApp({
      onRoute: (r) => s.routes.push({ method: String(r.method), url: r.url }),
      env: options.env?.(),
    });
    s.tenant = await addTenant(s.t.platform, 'res', [HOST]);
    s.other = await addTenant(s.t.platform, 'otherres', [OTHER]);
    await addStaff(s.t.platform, s.tenant, 'admin@res.test', 'admin');
    await addStaff(s.t.platform, s.tenant, 'clerk@res.test', 'clerk');
    await addStaff(s.t.platform, s.other, 'clerk@otherres.test', 'admin');
    s.admin = await signIn(s.t.app, HOST, 'admin@res.test');
    s.clerk = await signIn(s.t.app, HOST, 'clerk@res.test');
    s.otherClerk = await signIn(s.t.app, OTHER, 'clerk@otherres.test');
    for (const [as, host] of [
      [s.admin, HOST],
      [s.otherClerk, OTHER],
    ] as const) {
      const type = await call(
        as,
        'PUT',
        '/api/v1/utilities/account-types',
        { code: 'residential', name: { en: 'Residential', es: 'Residencial' } },
        { host },
      );
      expect(type.statusCode, type.body).toBe(200);
    }
  });
  afterAll(() => s.t.close());
  return Object.assign(s, {
    call,
    newResident,
    openAccount,
    bill,
    payAccount,
    claim,
    activity,
    residentCount,
  });
}
