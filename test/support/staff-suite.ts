import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { StaffRole } from '../../src/modules/identity/index.js';
import type { Tenant } from '../../src/modules/tenancy/index.js';
import { addStaff, addTenant, createTestApp, signIn, type Session, type TestApp } from './app.js';

/** One city in a staff suite: its tenant slug, its host, and the domain of its staff emails. */
export type City = { slug: string; host: string; domain?: string };

export type StaffSuiteOptions = {
  /** The city under test; it gets an admin, a clerk and a viewer (`<role>@<domain>`). */
  city: City;
  /** A second city with one admin, for the cross-tenant denials; omit when a file needs none. */
  other?: City;
  /** Roles to create in the city under test (all three by default). */
  roles?: StaffRole[];
};

export type StaffSuite = {
  t: TestApp;
  tenant: Tenant;
  /** The second city (undefined without `other`). */
  other: Tenant;
  admin: Session;
  clerk: Session;
  viewer: Session;
  /** The second city's admin (undefined without `other`). */
  otherAdmin: Session;
  host: string;
  otherHost: string;
  /** The staff email of a role in the city under test. */
  email(role: StaffRole): string;
  /**
   * A request as a staff member (or nobody): the host, language, cookie and CSRF token a browser
   * would send; POSTs to the payments API carry a fresh Idempotency-Key unless `key` says otherwise.
   */
  call(
    who: Session | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    opts?: { lang?: string; host?: string; ip?: string; key?: string | null; csrf?: string | null },
  ): Promise<LightMyRequestResponse>;
  /** Asserts the status (200 by default) and returns the parsed body. */
  ok<T = any>(res: LightMyRequestResponse, status?: number): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

/**
 * The shared setup of the staff API tests: the real app on a fresh database, the city under test
 * with an admin, a clerk and a viewer signed in, and optionally a second city with its admin for
 * cross-tenant checks. Registers its own beforeAll/afterAll — call it at the top of a describe,
 * before the file's own hooks, which then see everything filled in.
 */
export function staffSuite(options: StaffSuiteOptions): StaffSuite {
  const roles = options.roles ?? ['admin', 'clerk', 'viewer'];
  const domain = (c: City) => c.domain ?? `${c.slug}.test`;
  const s = {
    host: options.city.host,
    otherHost: options.other?.host ?? '',
    email: (role: StaffRole) => `${role}@${domain(options.city)}`,
  } as StaffSuite;

  s.call = (who, method, url, payload, opts = {}) =>
    s.t.app.inject({
      method,
      url,
      ...(opts.ip && { remoteAddress: opts.ip }),
      headers: {
        host: opts.host ?? s.host,
        'accept-language': opts.lang ?? 'en',
        ...(who && { cookie: who.cookie }),
        ...(who && opts.csrf !== null && { 'x-csrf-token': opts.csrf ?? who.csrf }),
        ...(method === 'POST' &&
          url.startsWith('/api/v1/payments') &&
          opts.key !== null && { 'idempotency-key': opts.key ?? crypto.randomUUID() }),
      },
      ...(payload && { payload }),
    });
  s.ok = async (res, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };

  beforeAll(async () => {
    s.t = await createTestApp();
    s.tenant = await addTenant(s.t.platform, options.city.slug, [options.city.host]);
    for (const role of roles) await addStaff(s.t.platform, s.tenant, s.email(role), role);
    if (options.other) {
      s.other = await addTenant(s.t.platform, options.other.slug, [options.other.host]);
      await addStaff(s.t.platform, s.other, `admin@${domain(options.other)}`, 'admin');
    }
    for (const role of roles) s[role] = await signIn(s.t.app, s.host, s.email(role));
    if (options.other) s.otherAdmin = await signIn(s.t.app, s.otherHost, `admin@${domain(options.other)}`);
  });
  afterAll(() => s.t?.close());
  return s;
}
