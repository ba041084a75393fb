import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withSystem, withTenant } from '../../../src/db/tenant-context.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { dbError } from '../../support/database.js';
import {
  addStaff,
  addTenant,
  createTestApp,
  PASSWORD,
  sessionCookie,
  type TestApp,
} from '../../support/app.js';

const A_HOST = 'a.city.test';
const B_HOST = 'b.city.test';

describe('row-level security between tenants', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    a = await addTenant(t.platform, 'alpha', [A_HOST]);
    b = await addTenant(t.platform, 'beta', [B_HOST]);
    await addStaff(t.platform, a, 'ana@alpha.test', 'admin');
    await addStaff(t.platform, a, 'abel@alpha.test', 'clerk');
    await addStaff(t.platform, b, 'bea@beta.test', 'admin');
  });
  afterAll(() => t.close());

  it("returns none of tenant B's rows in tenant A's context, without any WHERE tenant_id", async () => {
    const rows = await withTenant(t.platform.db, a.id, (tx) =>
      queryRows<{ email: string; tenant_id: string }>(tx, sql`SELECT email, tenant_id FROM staff_users`),
    );
    expect(rows.map((r) => r.email).sort()).toEqual(['abel@alpha.test', 'ana@alpha.test']);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([a.id]));

    const events = await withTenant(t.platform.db, a.id, (tx) =>
      queryRows<{ tenant_id: string }>(tx, sql`SELECT tenant_id FROM domain_events`),
    );
    expect(events.length).toBe(2); // the two staff.created events of A
    expect(events.every((e) => e.tenant_id === a.id)).toBe(true);

    const tenants = await withTenant(t.platform.db, a.id, (tx) =>
      queryRows<{ slug: string }>(tx, sql`SELECT slug FROM tenants`),
    );
    expect(tenants).toEqual([{ slug: 'alpha' }]);
  });

  it('sees no tenant rows at all when no tenant is set', async () => {
    const rows = await t.platform.db.orm.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL ROLE civq_app`);
      return queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM staff_users`);
    });
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses to write a row into another tenant (WITH CHECK)', async () => {
    const refused = await dbError(
      withTenant(t.platform.db, a.id, (tx) =>
        tx.execute(sql`
          INSERT INTO staff_users (tenant_id, email, display_name, role, password_hash)
          VALUES (${b.id}, 'intruder@alpha.test', 'Intruder', 'admin', 'x')`),
      ),
    );
    expect(refused).toMatch(/row-level security/);
    const bStaff = await withTenant(t.platform.db, b.id, (tx) =>
      queryRows<{ email: string }>(tx, sql`SELECT email FROM staff_users`),
    );
    expect(bStaff).toEqual([{ email: 'bea@beta.test' }]);
  });

  it("cannot update or delete another tenant's rows", async () => {
    const updated = await withTenant(t.platform.db, a.id, (tx) =>
      queryRows<{ id: string }>(
        tx,
        sql`UPDATE staff_users SET role = 'viewer' WHERE email = 'bea@beta.test' RETURNING id`,
      ),
    );
    const deleted = await withTenant(t.platform.db, a.id, (tx) =>
      queryRows<{ id: string }>(tx, sql`DELETE FROM staff_users WHERE email = 'bea@beta.test' RETURNING id`),
    );
    expect(updated).toEqual([]);
    expect(deleted).toEqual([]);
    const [bea] = await withTenant(t.platform.db, b.id, (tx) =>
      queryRows<{ role: string }>(tx, sql`SELECT role FROM staff_users WHERE email = 'bea@beta.test'`),
    );
    expect(bea!.role).toBe('admin');
  });

  it('has row-level security enabled and forced on every table with a tenant_id', async () => {
    const tables = await withSystem(t.platform.db, (tx) =>
      queryRows<{ table_name: string; enabled: boolean; forced: boolean; app_policies: number }>(
        tx,
        sql`
        SELECT c.relname AS table_name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
               (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid
                  AND (SELECT oid FROM pg_roles WHERE rolname = 'civq_app') = ANY (p.polroles)) AS app_policies
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        ORDER BY 1`,
      ),
    );
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const table of tables) {
      expect({ table: table.table_name, enabled: table.enabled, forced: table.forced }).toEqual({
        table: table.table_name,
        enabled: true,
        forced: true,
      });
      expect(table.app_policies, `${table.table_name} has a policy for civq_app`).toBeGreaterThan(0);
    }
    // tenants itself is keyed by id, not tenant_id; it is protected too.
    const [tenantsTable] = await withSystem(t.platform.db, (tx) =>
      queryRows<{ enabled: boolean; forced: boolean }>(
        tx,
        sql`SELECT relrowsecurity AS enabled, relforcerowsecurity AS forced FROM pg_class WHERE relname = 'tenants'`,
      ),
    );
    expect(tenantsTable).toEqual({ enabled: true, forced: true });
  });

  it('runs application queries as roles that are neither superuser nor able to bypass RLS', async () => {
    const roles = await withTenant(t.platform.db, a.id, (tx) =>
      queryRows<{ who: string; rolsuper: boolean; rolbypassrls: boolean }>(
        tx,
        sql`SELECT current_user AS who, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
      ),
    );
    expect(roles).toEqual([{ who: 'civq_app', rolsuper: false, rolbypassrls: false }]);
  });

  it('answers an unknown host with 404, not another tenant', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tenant',
      headers: { host: 'evil.example.com' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('unknown_host');
    expect(res.body).not.toContain('alpha');
    expect(res.body).not.toContain('beta');
  });

  it('finds the tenant from the Host header, ignoring case and port', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tenant',
      headers: { host: 'B.City.Test:8080' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().slug).toBe('beta');
  });

  it("refuses tenant A's staff session on tenant B's host", async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: A_HOST },
      payload: { email: 'ana@alpha.test', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = sessionCookie(login);
    const onA = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { host: A_HOST, cookie },
    });
    expect(onA.statusCode).toBe(200);
    expect(onA.json().tenant.slug).toBe('alpha');
    const onB = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { host: B_HOST, cookie },
    });
    expect(onB.statusCode).toBe(401);
    expect(onB.json().code).toBe('unauthenticated');
    const staffOnB = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff',
      headers: { host: B_HOST, cookie },
    });
    expect(staffOnB.statusCode).toBe(401);
  });

  it("does not let tenant A's admin sign in on tenant B's host", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: B_HOST },
      payload: { email: 'ana@alpha.test', password: PASSWORD },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('a single-tenant install', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await addTenant(t.platform, 'solo', ['solo.city.test']);
  });
  afterAll(() => t.close());

  it('serves its only tenant on any host', async () => {
    for (const host of ['solo.city.test', 'localhost:3000', '10.0.0.7', 'anything.example']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/tenant', headers: { host } });
      expect(res.statusCode, host).toBe(200);
      expect(res.json().slug).toBe('solo');
    }
  });

  it('stops serving unknown hosts once a second tenant exists', async () => {
    await addTenant(t.platform, 'second', ['second.city.test']);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tenant',
      headers: { host: 'anything.example' },
    });
    expect(res.statusCode).toBe(404);
  });
});
