import { sql } from 'drizzle-orm';
import type { Actor } from '../events/types.js';
import { SYSTEM_ACTOR } from '../events/types.js';
import { queryRows } from '../db/rows.js';
import { withSystem, withTenant } from '../db/tenant-context.js';
import { createStaff, type StaffRole } from '../modules/identity/index.js';
import { createTenant, type Tenant } from '../modules/tenancy/index.js';
import type { Platform } from '../server/platform.js';

export const DEMO_TENANT = {
  slug: 'esperanza',
  name: { en: 'City of Esperanza, TX', es: 'Ciudad de Esperanza, TX' },
  hosts: ['localhost', '127.0.0.1', 'esperanza.localhost'],
};

export const DEMO_STAFF: { email: string; displayName: string; role: StaffRole }[] = [
  { email: 'admin@demo.civq.test', displayName: 'Alma Garza', role: 'admin' },
  { email: 'clerk@demo.civq.test', displayName: 'Carlos Treviño', role: 'clerk' },
  { email: 'viewer@demo.civq.test', displayName: 'Verónica Salinas', role: 'viewer' },
];

export async function isEmpty(platform: Platform): Promise<boolean> {
  const [row] = await withSystem(platform.db, (tx) =>
    queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM tenants`),
  );
  return row!.n === 0;
}

/** Seeds the bilingual demo entity and its staff logins. Idempotent only on an empty database. */
export async function seedDemo(platform: Platform, password: string): Promise<Tenant> {
  const tenant = await withSystem(platform.db, (tx) => createTenant(tx, DEMO_TENANT));
  await withTenant(platform.db, tenant.id, async (tx) => {
    const actor: Actor = SYSTEM_ACTOR;
    for (const s of DEMO_STAFF) await createStaff(tx, platform.events, actor, { ...s, password });
  });
  platform.tenants.invalidate();
  return tenant;
}
